package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.backup.BackupService;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.server.internal.WebServerProcess;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStep;
import dev.bosun.task.internal.Dispatcher;
import dev.bosun.task.internal.StepFaults;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.FreePorts;
import dev.bosun.test.TestDatabaseInitializer;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TestFleet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running master for site task tests, for real: the machine's nginx and PHP-FPM started privately (once
 * per test JVM, so every subclass shares them and one application context), the machine's MariaDB as the
 * master's db service and, on request, its PostgreSQL as a second db server, copies of the example
 * platforms, and sites installed by the panel's own install task. Subclasses need
 * {@code @RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "bosun.test.context=site-lifecycle")
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
public abstract class RunningMaster {

    protected static final ServerSetup SMTP = new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
    protected static final Duration TASK_TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    protected static GreenMailExtension greenMail = new GreenMailExtension(SMTP)
            .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

    private static Path vhostDir;
    private static WebServerProcess fpm;
    private static WebServerProcess nginx;

    @DynamicPropertySource
    static void mail(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", SMTP::getPort);
        registry.add("bosun.public-url", () -> "http://panel.example.test:8080");
    }

    /** Starts nginx and PHP-FPM once for the JVM; they stop with it. */
    @BeforeAll
    static synchronized void webServers() throws Exception {
        if (nginx != null) {
            return;
        }
        vhostDir = WebServerProcess.openDirectory("bosun-vhosts");
        fpm = WebServerProcess.phpFpm();
        nginx = WebServerProcess.nginx(vhostDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closeQuietly(nginx);
            closeQuietly(fpm);
        }));
    }

    @Autowired
    protected ServerService servers;
    @Autowired
    protected PlatformService platforms;
    @Autowired
    protected ClientService clients;
    @Autowired
    protected SiteService sites;
    @Autowired
    protected SiteTasks siteTasks;
    @Autowired
    protected SiteQueries siteQueries;
    @Autowired
    protected TaskQueries tasks;
    @Autowired
    protected BackupService backups;
    @Autowired
    protected JdbcClient jdbc;
    @Autowired
    protected StepFaults stepFaults;
    @Autowired
    protected Dispatcher dispatcher;
    @Autowired
    protected TaskService taskService;

    /**
     * Queues a task whose node "dies" right after the work of {@code step} (or right after it records its
     * point of no return, {@link StepFaults#POINT_OF_NO_RETURN}): the task is left PROCESSING, nothing rolled
     * back. Then its lease runs out as if its node had gone, and the sweep recovers it as a live node does.
     */
    protected TaskSummary interruptedAndRecovered(long siteId, SiteTaskType type, SiteTaskArgs args, String step) {
        return interruptedAndRecovered(siteId, type, args, step, () -> { });
    }

    /** As above, with {@code meanwhile} run after the "death" and before the take-over. */
    protected TaskSummary interruptedAndRecovered(long siteId, SiteTaskType type, SiteTaskArgs args, String step,
                                                  Runnable meanwhile) {
        long id;
        stepFaults.crashAfter(type.key(), step);
        try {
            id = siteTasks.queue(siteId, type, args, ClientScope.ALL, "admin").task().id();
            await().atMost(TASK_TIMEOUT).until(() -> stepFaults.crashed(id));
        } finally {
            stepFaults.clear();
        }
        assertThat(tasks.summary(id).orElseThrow().status()).as("left processing by the crash")
                .isEqualTo(TaskStatus.PROCESSING);
        meanwhile.run();
        jdbc.sql("""
                UPDATE tasks SET lease_owner = 'node-gone', lease_expires_at = now() - interval '1 second'
                WHERE id = :id""").param("id", id).update();
        dispatcher.sweep();
        return finishedTask(id);
    }

    /** The line the task row keeps about how it ended. */
    protected String outcome(long taskId) {
        return jdbc.sql("SELECT summary FROM tasks WHERE id = :id").param("id", taskId).query(String.class).single();
    }

    /** One row of a task's journal. */
    protected record Journaled(int seq, String step, String kind, String status) {
    }

    protected List<Journaled> journal(long taskId) {
        return jdbc.sql("SELECT seq, step, kind, status FROM task_journal WHERE task_id = :id ORDER BY seq")
                .param("id", taskId).query((rs, n) -> new Journaled(rs.getInt(1), rs.getString(2), rs.getString(3),
                        rs.getString(4))).list();
    }

    /**
     * After a rollback from the journal: every change the journal recorded is UNDONE (but a kept backup), the log says "Undid"
     * exactly once per undone entry and never that an undo failed, and a step is UNDONE only when it
     * journaled changes and all of them were undone.
     */
    protected void assertRolledBackTruthfully(TaskSummary task, String context) {
        String log = log(task);
        // a backup archive, once recorded, is kept: no rollback removes a backup
        List<Journaled> journal = journal(task.id()).stream().filter(e -> !e.status().equals("KEPT")).toList();
        assertThat(journal).as(context + ": no point of no return").noneMatch(e -> e.kind().equals("point-of-no-return"));
        assertThat(journal).as(context + ": every journaled change undone\n" + log)
                .allMatch(e -> e.status().equals("UNDONE"));
        assertThat(log.lines().filter(line -> line.startsWith("OK Undid: ")).count()).as(context + ": Undid lines")
                .isEqualTo(journal.size());
        assertThat(log).as(context).doesNotContain("Could not undo").doesNotContain("Undo of step");
        var steps = tasks.find(task.id(), null).orElseThrow().steps();
        for (TaskStep step : steps) {
            boolean journaled = journal.stream().anyMatch(e -> step.name().equals(e.step()));
            if (step.status() == TaskStep.Status.UNDONE) {
                assertThat(journaled).as(context + ": step '" + step.name() + "' UNDONE with nothing journaled")
                        .isTrue();
            } else if (journaled) {
                assertThat(step.status()).as(context + ": step '" + step.name() + "' journaled changes, all undone")
                        .isEqualTo(TaskStep.Status.UNDONE);
            }
        }
    }

    /** The port the private nginx serves plain HTTP on. */
    protected static int nginxPort() {
        return nginx.port();
    }

    protected static Path vhostDir() {
        return vhostDir;
    }

    /** The master: this machine, with the private nginx and the machine's MariaDB; registered once per context. */
    protected ServerInfo master() {
        return servers.master().orElseGet(() -> {
            TestDatabases.Server db = TestDatabases.mariadb();
            return servers.register(new ServerRegistration("master", "localhost", 22, null, true,
                    new ServerRegistration.HttpSettings(HttpType.NGINX, vhostDir.toString(),
                            WebServerProcess.nginxCommand(nginx, "-t"), WebServerProcess.nginxCommand(nginx, "-s", "reload"),
                            nginx.port(), "127.0.0.1:" + fpm.port()),
                    new ServerRegistration.DbSettings(DbType.MARIADB, db.host(), db.port(), db.username(), db.password())));
        });
    }

    /** The db service of the machine's PostgreSQL, on a db-only server of its own; registered once per context. */
    protected long postgresService() {
        String name = "postgres-db";
        return servers.list().stream().filter(server -> server.name().equals(name)).findFirst()
                .orElseGet(() -> {
                    TestDatabases.Server db = TestDatabases.postgres();
                    return servers.register(new ServerRegistration(name, "localhost", 22, System.getProperty("user.name"), false, null,
                            new ServerRegistration.DbSettings(DbType.POSTGRESQL, "127.0.0.1", db.port(), db.username(),
                                    db.password())));
                })
                .db().id();
    }

    protected long dbService(DbType type) {
        return type == DbType.POSTGRESQL ? postgresService() : master().db().id();
    }

    protected DbServiceInfo dbServiceInfo(long serviceId) {
        return servers.dbService(serviceId).orElseThrow();
    }

    /** A fresh copy of an example platform on the master, registered and verified. */
    protected long examplePlatform(String name) {
        ServerInfo server = master();
        Path copy = ExamplePlatforms.copy().resolve(name);
        long id = platforms.register(new PlatformForm(name + " " + System.nanoTime(), server.id(), copy.toString(),
                null, null), "admin").platform().id();
        await().atMost(Duration.ofMinutes(2)).until(() -> platforms.get(id).status() == PlatformStatus.ENABLED);
        return id;
    }

    /** A site installed by the install task on {@code platformId}, its database on {@code dbServiceId}. */
    protected long installedSite(String prefix, long platformId, long dbServiceId) {
        long client = clients.create(new ClientForm(prefix + " " + System.nanoTime(), "owner@client.example")).id();
        String domain = prefix + "-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        long siteId = sites.create(new SiteForm(domain, client, "example", platformId, "en", dbServiceId, "", false));
        TaskSummary install = finished(siteId, "install");
        assertThat(install.status()).as(log(install)).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
        return siteId;
    }

    protected SiteSummary site(long siteId) {
        return siteQueries.get(siteId, ClientScope.ALL);
    }

    /** The site's directory on its platform. */
    protected Path siteDirectory(long siteId) {
        SiteSummary site = site(siteId);
        return Path.of(platforms.get(site.platformId()).docrootPath(), "sites", site.domain());
    }

    /** Queues a task and waits until it ends; asserts that it succeeded. */
    protected TaskSummary queue(long siteId, SiteTaskType type) {
        TaskSummary done = run(siteId, type, new SiteTaskArgs.None());
        assertThat(done.status()).as(type.key() + ": " + log(done)).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
        return done;
    }

    /** Queues a task with arguments and waits until it ends, whatever its status. */
    protected TaskSummary run(long siteId, SiteTaskType type, SiteTaskArgs args) {
        var queued = siteTasks.queue(siteId, type, args, ClientScope.ALL, "admin");
        return finishedTask(queued.task().id());
    }

    protected TaskSummary finished(long siteId, String type) {
        TaskSummary task = siteTasks.history(siteId, 0).items().stream().filter(t -> t.type().equals(type))
                .findFirst().orElseThrow();
        return finishedTask(task.id());
    }

    protected TaskSummary finishedTask(long id) {
        await().atMost(TASK_TIMEOUT).until(() -> tasks.summary(id).orElseThrow().status().isFinished());
        return tasks.summary(id).orElseThrow();
    }

    /** The task's log as stored (redacted), one "LEVEL message" line per entry. */
    protected String log(TaskSummary task) {
        StringBuilder text = new StringBuilder();
        tasks.log(task.id(), 0, 5000).forEach(line -> text.append(line.level()).append(' ').append(line.message())
                .append('\n'));
        return text.toString();
    }

    /** A number from the machine's MariaDB as its administrator. */
    protected static long mariadb(String sql) {
        TestDatabases.Server db = TestDatabases.mariadb();
        try (Connection connection = DriverManager.getConnection(db.url(), db.username(), db.password());
             var result = connection.createStatement().executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Response(int status, String location, String body) {
    }

    /** nginx reloads asynchronously: the old workers may answer a moment longer. */
    protected static Response eventually(String domain, java.util.function.Predicate<Response> condition) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> get(domain, "/"), condition);
    }

    /** GET from the private nginx with the site's Host header, over HTTP/1.0 (java.net.http does not let a caller set Host). */
    protected static Response get(String domain, String path) throws Exception {
        TestFleet.HttpAnswer answer = TestFleet.HttpAnswer.get(nginx.port(), domain, path);
        return new Response(answer.status(), answer.location(), answer.body());
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // the JVM is ending
        }
    }
}
