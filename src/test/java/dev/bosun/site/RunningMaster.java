package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

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
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.FreePorts;
import dev.bosun.test.TestDatabaseInitializer;
import dev.bosun.test.TestDatabases;
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
        try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + domain + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            socket.getInputStream().transferTo(out);
            String response = out.toString(StandardCharsets.UTF_8);
            int bodyStart = response.indexOf("\r\n\r\n");
            String head = bodyStart < 0 ? response : response.substring(0, bodyStart);
            String location = head.lines().filter(line -> line.toLowerCase().startsWith("location:"))
                    .map(line -> line.substring("location:".length()).trim()).findFirst().orElse(null);
            return new Response(Integer.parseInt(response.split(" ", 3)[1]), location,
                    bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
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
