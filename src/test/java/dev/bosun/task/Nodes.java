package dev.bosun.task;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bosun.BosunApplication;
import dev.bosun.test.BosunTest;
import dev.bosun.test.TestDatabases;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Starts panel nodes (full application contexts) that share one database, as a cluster would.
 * Quartz registers its job store by scheduler name for the whole JVM, pointing at the DataSource
 * of the node started last: stop that one last. Other modules' cluster tests use it too. A node
 * whose name starts with "generated" gets the name a panel picks itself (host, pid, boot, random).
 */
public final class Nodes implements AutoCloseable {

    private final TestDatabases.Database database = TestDatabases.newPostgresDatabase();
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    public ConfigurableApplicationContext start(String name, List<ApplicationContextInitializer<?>> initializers,
                                         String... properties) throws Exception {
        Path home = Files.createTempDirectory("bosun-" + name);
        TestDatabases.deleteWhenJvmEnds(home);
        List<String> args = new ArrayList<>(List.of(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.server().username(),
                "--spring.datasource.password=" + database.server().password(),
                "--bosun.home=" + home,
                "--server.tomcat.basedir=" + home.resolve("tomcat"),
                "--bosun.admin.password=" + BosunTest.ADMIN_PASSWORD,
                "--bosun.tasks.node-name=" + (name.startsWith("generated") ? "" : name),
                "--spring.datasource.hikari.minimum-idle=1",
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.quartz.properties.org.quartz.scheduler.instanceName=bosun-" + database.name(),
                "--server.port=0",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        for (String property : properties) {
            args.add("--" + property);
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(BosunApplication.class,
                TestTaskHandlers.class)
                .initializers(initializers.toArray(ApplicationContextInitializer[]::new))
                .run(args.toArray(String[]::new));
        started.add(context);
        return context;
    }

    /** A connection of the test's own to the nodes' database, usable whichever node is stopped. */
    public JdbcClient jdbc() {
        return JdbcClient.create(new DriverManagerDataSource(database.url(), database.server().username(),
                database.server().password()));
    }

    @Override
    public void close() {
        started.forEach(ConfigurableApplicationContext::close);
    }
}
