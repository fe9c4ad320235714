package dev.bosun.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Gives each test application context a fresh PostgreSQL database (see {@link TestDatabases})
 * and a home directory of its own; the database is dropped when the context closes.
 */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestDatabases.Database database = TestDatabases.newPostgresDatabase();
        TestDatabases.dropWhenClosed(context, database);
        try {
            Path home = Files.createTempDirectory("bosun-home");
            TestDatabases.deleteWhenJvmEnds(home);
            TestPropertyValues.of(
                    "spring.datasource.url=" + database.url(),
                    "spring.datasource.username=" + database.server().username(),
                    "spring.datasource.password=" + database.server().password(),
                    "bosun.home=" + home,
                    // Tomcat's work folder in the home, removed with it, instead of a tomcat.* folder in /tmp.
                    "server.tomcat.basedir=" + home.resolve("tomcat"),
                    "bosun.admin.password=" + BosunTest.ADMIN_PASSWORD,
                    // Rollback tests make a chosen step fail (StepFaults); off outside tests.
                    "bosun.tasks.fault-injection=true",
                    // Quartz shares job stores by scheduler name within a JVM: one name per database.
                    "spring.quartz.properties.org.quartz.scheduler.instanceName=bosun-" + database.name(),
                    // The test JVM keeps every context it built, and the machine's PostgreSQL serves other
                    // suites too: a context that is not in use gives its idle connections back.
                    "spring.datasource.hikari.minimum-idle=0",
                    "spring.datasource.hikari.maximum-pool-size=8",
                    "spring.datasource.hikari.idle-timeout=10000"
            ).applyTo(context);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
