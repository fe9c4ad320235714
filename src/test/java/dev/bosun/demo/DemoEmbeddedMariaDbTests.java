package dev.bosun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.bosun.BosunApplication;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.backup.BackupService;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DatabaseDrivers;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.site.SiteForm;
import dev.bosun.site.SiteService;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.BosunTest;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.FreePorts;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo profile where no MariaDB answers at the configured address (a closed port): it starts an embedded
 * MariaDB, registers it as the master's db service, sites install and back up on it, and it stops with the panel
 * and comes back on its port with its data. The panel itself is started and stopped as {@code spring-boot:run}
 * does, on its own PostgreSQL database and home.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoEmbeddedMariaDbTests {

    private static final Duration TASK_TIMEOUT = Duration.ofMinutes(2);

    /** Under target: the embedded MariaDB's binaries are a few hundred MB (and its data is kept under /tmp too). */
    static Path home;
    static TestDatabases.Database panelDatabase;
    static Path platforms;
    static int closedPort;
    static ConfigurableApplicationContext demo;

    @BeforeAll
    static void startTheDemo() throws IOException {
        home = Files.createTempDirectory(Files.createDirectories(Path.of("target").toAbsolutePath()), "demo-home-");
        panelDatabase = TestDatabases.newPostgresDatabase();
        platforms = ExamplePlatforms.copy();
        closedPort = FreePorts.next();
        demo = start();
    }

    @AfterAll
    static void stopTheDemo() throws IOException {
        if (demo != null) {
            demo.close();
        }
        TestDatabases.drop(panelDatabase);
        try (Stream<Path> paths = Files.walk(home)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** Starts the panel with profile demo; command-line arguments, so that no BOSUN_DEMO_DB_* of the machine wins. */
    static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BosunApplication.class).profiles("demo").run(
                "--spring.datasource.url=" + panelDatabase.url(),
                "--spring.datasource.username=" + panelDatabase.server().username(),
                "--spring.datasource.password=" + panelDatabase.server().password(),
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--spring.quartz.properties.org.quartz.scheduler.instanceName=bosun-" + panelDatabase.name(),
                "--server.port=0",
                "--bosun.home=" + home,
                "--bosun.admin.password=" + BosunTest.ADMIN_PASSWORD,
                "--bosun.demo.db.host=127.0.0.1",
                "--bosun.demo.db.port=" + closedPort,
                "--bosun.demo.http-port=" + FreePorts.next(),
                "--bosun.demo.platforms=" + platforms);
    }

    @Test
    @Order(1)
    void withoutAMariaDbAtTheConfiguredAddressTheMastersDbServiceIsAnEmbeddedOneThatVerifies() throws Exception {
        ServerInfo master = bean(ServerService.class).master().orElseThrow();
        DbServiceInfo db = master.db();
        assertThat(db.host()).isEqualTo("127.0.0.1");
        assertThat(db.port()).isNotEqualTo(closedPort);
        assertThat(listening(db.port())).isTrue();

        TaskSummary verify = finished(bean(ServerService.class).latestTasks(master.id(), 10).stream()
                .filter(task -> task.type().equals("verify")).findFirst().orElseThrow().id());
        assertThat(verify.status()).as(log(verify)).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
        assertThat(log(verify)).contains("Connected to 11.4", "The admin account can create a database and a user");

        DatabaseDriver driver = bean(DatabaseDrivers.class).forService(db.id());
        DbCredentials site = driver.newCredentials("probe.example.com");
        driver.provision(site, List.of("localhost", "127.0.0.1"));
        try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + db.port() + "/"
                + site.database(), site.user(), site.password())) {
            connection.createStatement().execute("CREATE TABLE probe (id INT)");
        } finally {
            driver.deprovision(site, List.of("localhost", "127.0.0.1"));
        }
    }

    @Test
    @Order(2)
    void itsClientProgramsAreThereForDumpsWhenTheMachineHasNone() {
        Path bin = home.resolve("demo").resolve("mariadb").resolve("base").resolve("bin");

        assertThat(bean(DatabaseDrivers.class).clientDirectories()).containsExactly(bin);
        assertThat(bin.resolve("mariadb")).isExecutable();
        assertThat(bin.resolve("mariadb-dump")).isExecutable();
    }

    @Test
    @Order(3)
    @RequiresProgram("php")
    void aSiteInstallsOnItAndIsBackedUp() {
        Platform base = bean(PlatformService.class).list().stream()
                .filter(platform -> platform.name().equals("example-base")).findFirst().orElseThrow();
        await().atMost(TASK_TIMEOUT).until(() -> bean(PlatformService.class).get(base.id()).status()
                == PlatformStatus.ENABLED);
        long client = bean(ClientService.class).list(ClientScope.ALL).get(0).id();
        long dbService = bean(ServerService.class).master().orElseThrow().db().id();

        long siteId = bean(SiteService.class).create(new SiteForm("embedded.example.test", client, "example",
                base.id(), "en", dbService, "", false));
        TaskSummary install = finished(bean(SiteTasks.class).history(siteId, 0).items().get(0).id());
        assertThat(install.status()).as(log(install)).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);

        var backup = bean(SiteTasks.class).queue(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup(""), ClientScope.ALL, "admin");
        TaskSummary backedUp = finished(backup.task().id());
        assertThat(backedUp.status()).as(log(backedUp)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(bean(BackupService.class).listForSite(siteId)).hasSize(1);

        // The demo runs cron every five minutes, so that a new site's first runs show soon.
        var cron = bean(dev.bosun.site.SiteCronService.class).forSite(siteId, ClientScope.ALL);
        assertThat(cron.enabled()).isTrue();
        assertThat(cron.effectiveIntervalSeconds()).isEqualTo(300);
    }

    @Test
    @Order(4)
    void itStopsWithThePanelAndComesBackOnItsPortWithItsData() throws Exception {
        DbServiceInfo before = bean(ServerService.class).master().orElseThrow().db();
        bean(DatabaseDrivers.class).forService(before.id()).createDatabase("demo_restart_marker");
        ServerInfo master = bean(ServerService.class).master().orElseThrow();
        HttpServiceInfo web = master.http();
        boolean serving = web.served();
        if (serving) {
            // As if the first start had found no nginx: the commands were placeholders.
            bean(ServerService.class).update(master.id(), new ServerRegistration(master.name(), master.hostname(),
                    master.port(), master.sshUser(), true, new ServerRegistration.HttpSettings(web.type(),
                    web.vhostDir(), "true", "true", web.port(), web.phpFastcgi()), new ServerRegistration.DbSettings(
                    before.type(), before.host(), before.port(), before.adminUser(), "")));
        }

        demo.close();
        await().atMost(Duration.ofSeconds(30)).until(() -> !listening(before.port()));
        demo = start();

        DbServiceInfo after = bean(ServerService.class).master().orElseThrow().db();
        assertThat(after.port()).isEqualTo(before.port());
        assertThat(bean(DatabaseDrivers.class).forService(after.id()).databaseExists("demo_restart_marker")).isTrue();
        assertThat(Files.isDirectory(home.resolve("demo").resolve("mariadb").resolve("data"))).isTrue();
        HttpServiceInfo webAfter = bean(ServerService.class).master().orElseThrow().http();
        if (serving) {
            assertThat(webAfter.reloadCommand()).as("nginx found on a later start gets the real commands")
                    .contains("nginx").contains("reload");
            assertThat(webAfter.configTestCommand()).contains("nginx").contains("-t");
        }
        assertThat(webAfter.httpsPort()).as("the HTTPS port stays").isEqualTo(web.httpsPort());
    }

    private static <T> T bean(Class<T> type) {
        return demo.getBean(type);
    }

    private static TaskSummary finished(long taskId) {
        TaskQueries tasks = bean(TaskQueries.class);
        await().atMost(TASK_TIMEOUT).until(() -> tasks.summary(taskId).orElseThrow().status().isFinished());
        return tasks.summary(taskId).orElseThrow();
    }

    private static String log(TaskSummary task) {
        StringBuilder text = new StringBuilder();
        bean(TaskQueries.class).log(task.id(), 0, 2000).forEach(line -> text.append(line.level()).append(' ')
                .append(line.message()).append('\n'));
        return text.toString();
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
