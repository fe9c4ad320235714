package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.loadAverage;
import static dev.bosun.bench.BenchArgs.option;
import static dev.bosun.bench.BenchPanel.master;
import static dev.bosun.bench.BenchPanel.platform;
import static dev.bosun.bench.BenchPanel.waitFor;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.bosun.BosunApplication;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerService;
import dev.bosun.server.internal.WebServerProcess;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.settings.SiteSettings;
import dev.bosun.site.SiteForm;
import dev.bosun.site.SiteService;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.TestDatabases;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run migrate-window [--files-mb N] [--db-mb M]}: how long a migrate keeps a site in maintenance. One
 * site of the example profile on example-base (served by a private nginx and PHP-FPM, its database on the
 * machine's MariaDB) gets N MB of files (1 MB files of random bytes) and a table of M MB; then it is migrated to
 * example-newer, twice on fresh panels: with the files copied while the site serves (the default order), and with
 * {@code bosun.migrate.pre-copy=false} (every step in maintenance, the order before the pre-copy).
 * {@code maintenance_s} is from the end of the step "maintenance on" to the end of "maintenance off" (the task's
 * step times), {@code total_s} the task's run; {@code seen_503_s} is how long the site answered 503 to a request
 * every 100 ms meanwhile, an outside view of the same window.
 */
public final class MigrateWindowBenchmark {

    private static final int MB = 1 << 20;

    private MigrateWindowBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int filesMb = option(args, "files-mb", 100);
        int dbMb = option(args, "db-mb", 20);
        String load = loadAverage();
        Path vhosts = WebServerProcess.openDirectory("bosun-bench-vhosts");
        Path examples = ExamplePlatforms.copy();
        try (WebServerProcess fpm = WebServerProcess.phpFpm();
             WebServerProcess nginx = WebServerProcess.nginx(vhosts)) {
            Result preCopy = migrate(true, filesMb, dbMb, vhosts, nginx, fpm, examples);
            Result old = migrate(false, filesMb, dbMb, vhosts, nginx, fpm, examples);
            System.out.printf("files_mb=%d%n", filesMb);
            System.out.printf("db_mb=%d%n", dbMb);
            System.out.printf("maintenance_s=%.2f%n", preCopy.maintenance());
            System.out.printf("total_s=%.2f%n", preCopy.total());
            System.out.printf("seen_503_s=%.2f%n", preCopy.seen503());
            System.out.printf("old_maintenance_s=%.2f%n", old.maintenance());
            System.out.printf("old_total_s=%.2f%n", old.total());
            System.out.printf("old_seen_503_s=%.2f%n", old.seen503());
            System.out.printf("load_average_at_start=%s%n", load);
        }
    }

    record Result(double maintenance, double total, double seen503) {
    }

    /** One panel on a fresh database, one site filled and migrated; the site is deleted again afterwards. */
    private static Result migrate(boolean preCopy, int filesMb, int dbMb, Path vhosts, WebServerProcess nginx,
                                  WebServerProcess fpm, Path examples) throws Exception {
        TestDatabases.Database database = TestDatabases.newPostgresDatabase();
        try (ConfigurableApplicationContext context = start(database, preCopy)) {
            context.getBean(SettingsService.class).setFeature(Feature.MIGRATE, true);
            ServerInfo master = master(context.getBean(ServerService.class), vhosts, nginx, fpm);
            PlatformService platforms = context.getBean(PlatformService.class);
            long base = platform(platforms, master, examples.resolve("example-base"), "Base");
            long newer = platform(platforms, master, examples.resolve("example-newer"), "Newer");
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            long siteId = installSite(context, jdbc, base, master);
            String domain = jdbc.sql("SELECT domain FROM sites WHERE id = :id").param("id", siteId)
                    .query(String.class).single();
            fillFiles(Path.of(platforms.get(base).docrootPath(), "sites", domain, "files", "bench"), filesMb);
            fillDatabase(jdbc.sql("SELECT db_name FROM sites WHERE id = :id").param("id", siteId)
                    .query(String.class).single(), dbMb);

            Watch watch = new Watch(nginx.port(), domain);
            Thread watcher = new Thread(watch, "bench-watch");
            watcher.start();
            long taskId;
            try {
                taskId = context.getBean(SiteTasks.class).queue(siteId, SiteTaskType.MIGRATE,
                        new SiteTaskArgs.Migrate(null, newer, null), ClientScope.ALL, "bench").task().id();
                waitFor(Duration.ofMinutes(30), () -> jdbc.sql("SELECT status FROM tasks WHERE id = :id")
                        .param("id", taskId).query(String.class).single().matches("SUCCESS|WARNING|ERROR"),
                        "the migrate");
            } finally {
                watch.stop.set(true);
                watcher.join();
            }
            String status = jdbc.sql("SELECT status FROM tasks WHERE id = :id").param("id", taskId)
                    .query(String.class).single();
            if (!status.equals("SUCCESS")) {
                throw new IllegalStateException("The migrate ended " + status + "; see task " + taskId);
            }
            Result result = new Result(seconds(stepEnd(jdbc, taskId, "maintenance on"),
                    stepEnd(jdbc, taskId, "maintenance off")), taskSeconds(jdbc, taskId), watch.seen503() / 1e9);
            deleteSite(context, jdbc, siteId);
            return result;
        } finally {
            TestDatabases.drop(database);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabases.Database database, boolean preCopy)
            throws Exception {
        return new SpringApplicationBuilder(BosunApplication.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.server().username(),
                "--spring.datasource.password=" + database.server().password(),
                "--bosun.home=" + Files.createTempDirectory("bosun-bench"),
                "--bosun.admin.password=bench-password",
                "--bosun.migrate.pre-copy=" + preCopy,
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }

    private static long installSite(ConfigurableApplicationContext context, JdbcClient jdbc, long platform,
                                    ServerInfo master) throws InterruptedException {
        long client = context.getBean(ClientService.class).create(new ClientForm("Bench window",
                "bench@client.example")).id();
        long id = context.getBean(SiteService.class).create(new SiteForm("window-" + Long.toString(System.nanoTime(),
                36) + ".example.com", client, "example", platform, "en", master.db().id(), "", false));
        waitFor(Duration.ofMinutes(10), () -> jdbc.sql("""
                SELECT count(*) FROM tasks WHERE type = 'install' AND status IN ('QUEUED', 'PROCESSING')""")
                .query(Long.class).single() == 0, "the install");
        String status = jdbc.sql("SELECT status FROM sites WHERE id = :id").param("id", id).query(String.class).single();
        if (!status.equals("ENABLED")) {
            throw new IllegalStateException("The site did not install (" + status + "); see its task");
        }
        return id;
    }

    /** {@code mb} files of 1 MB of random bytes (incompressible, as uploaded images and PDFs are). */
    private static void fillFiles(Path folder, int mb) throws Exception {
        Files.createDirectories(folder);
        byte[] block = new byte[MB];
        Random random = new Random(19);
        for (int i = 0; i < mb; i++) {
            random.nextBytes(block);
            Files.write(folder.resolve("upload-" + i + ".bin"), block);
        }
    }

    /** A table of about {@code mb} MB in the site's database: rows of 256 KB of base64 text. */
    private static void fillDatabase(String database, int mb) throws Exception {
        TestDatabases.Server db = TestDatabases.mariadb();
        try (Connection connection = DriverManager.getConnection(db.urlFor(database), db.username(), db.password())) {
            connection.createStatement().execute("CREATE TABLE bench_payload (id INT PRIMARY KEY, data LONGTEXT)");
            byte[] raw = new byte[MB / 4 / 4 * 3];
            Random random = new Random(23);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO bench_payload (id, data) VALUES (?, ?)")) {
                for (int i = 0; i < mb * 4; i++) {
                    random.nextBytes(raw);
                    insert.setInt(1, i);
                    insert.setString(2, Base64.getEncoder().encodeToString(raw));
                    insert.executeUpdate();
                }
            }
        }
    }

    /** Asks the site for its front page every 100 ms and adds up the time it answered 503. */
    private static final class Watch implements Runnable {

        final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong seen503 = new AtomicLong();
        private final int port;
        private final String domain;

        Watch(int port, String domain) {
            this.port = port;
            this.domain = domain;
        }

        /** Each answer's status stands until the next one; the time from a 503 to the next answer counts. */
        @Override
        public void run() {
            long last = System.nanoTime();
            boolean was503 = false;
            while (!stop.get()) {
                int status = status();
                long now = System.nanoTime();
                if (was503) {
                    seen503.addAndGet(now - last);
                }
                was503 = status == 503;
                last = now;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long seen503() {
            return seen503.get();
        }

        private int status() {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(("GET / HTTP/1.0\r\nHost: " + domain + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(out);
                return Integer.parseInt(out.toString(StandardCharsets.US_ASCII).split(" ", 3)[1]);
            } catch (Exception e) {
                return -1;
            }
        }
    }

    private static Instant stepEnd(JdbcClient jdbc, long taskId, String step) {
        return jdbc.sql("SELECT finished_at FROM task_steps WHERE task_id = :id AND name = :name")
                .param("id", taskId).param("name", step).query(Timestamp.class).single().toInstant();
    }

    private static double taskSeconds(JdbcClient jdbc, long taskId) {
        return jdbc.sql("SELECT extract(epoch FROM finished_at - started_at) FROM tasks WHERE id = :id")
                .param("id", taskId).query(Double.class).single();
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }

    /** Deletes the site (database, user, directory, vhost) with the panel's own delete task. */
    private static void deleteSite(ConfigurableApplicationContext context, JdbcClient jdbc, long siteId)
            throws InterruptedException {
        context.getBean(SettingsService.class).updateSiteSettings(new SiteSettings(false));
        context.getBean(SiteTasks.class).queue(siteId, SiteTaskType.DELETE, new SiteTaskArgs.None(), ClientScope.ALL,
                "bench");
        waitFor(Duration.ofMinutes(10), () -> jdbc.sql("""
                SELECT count(*) FROM tasks WHERE type = 'delete' AND status IN ('QUEUED', 'PROCESSING')""")
                .query(Long.class).single() == 0, "the site's delete");
    }
}
