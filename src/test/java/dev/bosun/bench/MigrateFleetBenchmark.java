package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.loadAverage;
import static dev.bosun.bench.BenchArgs.option;
import static dev.bosun.bench.BenchPanel.master;
import static dev.bosun.bench.BenchPanel.platform;
import static dev.bosun.bench.BenchPanel.waitFor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.bosun.BosunApplication;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.server.internal.PanelKey;
import dev.bosun.server.internal.WebServerProcess;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.site.FleetMigration;
import dev.bosun.site.FleetMigrations;
import dev.bosun.site.SiteForm;
import dev.bosun.site.SiteService;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TestFleet;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@code bench/run migrate-fleet [--sites=N] [--pool-size=N] [--per-server=N] [--web-servers=N]}: installs N sites
 * (default 50) of the example profile on example-base, served by a private nginx and PHP-FPM, with
 * their databases on the machine's MariaDB; then "Migrate all sites" to example-newer and measures
 * the time from the click to the last migrate's end. {@code parallelism} is the most migrate tasks
 * that ran at the same moment (from their start and end times).
 */
public final class MigrateFleetBenchmark {

    private MigrateFleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int siteCount = option(args, "sites", 50);
        int poolSize = option(args, "pool-size", 4);
        int perServer = option(args, "per-server", 2);
        int webServers = option(args, "web-servers", 1);
        TestDatabases.Database database = TestDatabases.newPostgresDatabase();
        if (webServers > 1) {
            acrossWebServers(database, siteCount, poolSize, perServer, webServers);
            return;
        }
        Path vhosts = WebServerProcess.openDirectory("bosun-bench-vhosts");
        try (WebServerProcess fpm = WebServerProcess.phpFpm();
             WebServerProcess nginx = WebServerProcess.nginx(vhosts);
             ConfigurableApplicationContext context = start(database, poolSize, perServer)) {
            context.getBean(SettingsService.class).setFeature(Feature.MIGRATE, true);
            ServerInfo master = master(context.getBean(ServerService.class), vhosts, nginx, fpm);
            Path examples = ExamplePlatforms.copy();
            PlatformService platforms = context.getBean(PlatformService.class);
            long base = platform(platforms, master, examples.resolve("example-base"), "Base");
            long newer = platform(platforms, master, examples.resolve("example-newer"), "Newer");
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            installSites(context, jdbc, base, master, siteCount);

            String load = loadAverage();
            Instant clicked = Instant.now();
            FleetMigrations migrations = context.getBean(FleetMigrations.class);
            long runId = migrations.start(base, newer, "bench").id();
            FleetMigration run = awaitDone(migrations, base, runId, Duration.ofMinutes(60));
            Instant lastEnd = jdbc.sql("SELECT max(finished_at) FROM tasks WHERE type = 'migrate'")
                    .query(Timestamp.class).single().toInstant();
            double total = Duration.between(clicked, lastEnd).toMillis() / 1000.0;
            System.out.printf("sites=%d%n", siteCount);
            System.out.printf("migrated=%d%n", run.succeeded());
            System.out.printf("failed=%d%n", run.failed() + run.refused());
            System.out.printf("total_s=%.2f%n", total);
            System.out.printf("per_site_s=%.2f%n", total / siteCount);
            System.out.printf("mean_task_s=%.2f%n", jdbc.sql("""
                    SELECT avg(extract(epoch FROM finished_at - started_at)) FROM tasks WHERE type = 'migrate'""")
                    .query(Double.class).single());
            System.out.printf("parallelism=%d%n", parallelism(jdbc));
            System.out.printf("pool_size=%d%n", poolSize);
            System.out.printf("per_server_limit=%d%n", perServer);
            System.out.printf("load_average_at_start=%s%n", load);
            deleteSites(context, jdbc);
        }
    }

    /**
     * {@code --web-servers=N}: the sites spread over N web servers of a {@link TestFleet} (each its own SSH user,
     * sshd, nginx and PHP-FPM), their databases on the machine's MariaDB; each server's example-base is migrated
     * to its example-newer with "Migrate all sites", all started at the same moment.
     */
    private static void acrossWebServers(TestDatabases.Database database, int siteCount, int poolSize, int perServer,
                                         int webServers) throws Exception {
        try (ConfigurableApplicationContext context = start(database, poolSize, perServer);
             TestFleet fleet = new TestFleet(webServers, ignored -> "")) {
            fleet.start(context.getBean(PanelKey.class).authorizedKeysLine());
            context.getBean(SettingsService.class).setFeature(Feature.MIGRATE, true);
            ServerService servers = context.getBean(ServerService.class);
            TestDatabases.Server db = TestDatabases.mariadb();
            ServerInfo dbServer = servers.register(new ServerRegistration("db", "127.0.0.1", 22, "root", false, null,
                    new ServerRegistration.DbSettings(DbType.MARIADB, db.host(), db.port(), db.username(),
                            db.password())));
            PlatformService platforms = context.getBean(PlatformService.class);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            List<long[]> pairs = new ArrayList<>();
            for (TestFleet.WebServer web : fleet.webs()) {
                ServerInfo server = servers.register(web.registration(web.name()));
                waitFor(Duration.ofMinutes(5), () -> servers.get(server.id()).status()
                        == dev.bosun.server.ServerStatus.ENABLED, "the verify of " + web.name());
                long base = platform(platforms, server, web.platform("example-base"), "Base " + web.name());
                long newer = platform(platforms, server, web.platform("example-newer"), "Newer " + web.name());
                installSites(context, jdbc, base, dbServer, siteCount / webServers);
                pairs.add(new long[] {base, newer});
            }
            waitFor(Duration.ofMinutes(5), () -> servers.get(dbServer.id()).status()
                    == dev.bosun.server.ServerStatus.ENABLED, "the verify of the database server");
            String load = loadAverage();
            Instant clicked = Instant.now();
            FleetMigrations migrations = context.getBean(FleetMigrations.class);
            List<long[]> runs = new ArrayList<>();
            for (long[] pair : pairs) {
                runs.add(new long[] {pair[0], migrations.start(pair[0], pair[1], "bench").id()});
            }
            long migrated = 0;
            long failed = 0;
            for (long[] run : runs) {
                FleetMigration done = awaitDone(migrations, run[0], run[1], Duration.ofMinutes(60));
                migrated += done.succeeded();
                failed += done.failed() + done.refused();
            }
            Instant lastEnd = jdbc.sql("SELECT max(finished_at) FROM tasks WHERE type = 'migrate'")
                    .query(Timestamp.class).single().toInstant();
            double total = Duration.between(clicked, lastEnd).toMillis() / 1000.0;
            int sites = siteCount / webServers * webServers;
            System.out.printf("web_servers=%d%n", webServers);
            System.out.printf("sites=%d%n", sites);
            System.out.printf("migrated=%d%n", migrated);
            System.out.printf("failed=%d%n", failed);
            System.out.printf("total_s=%.2f%n", total);
            System.out.printf("per_site_s=%.2f%n", total / sites);
            System.out.printf("mean_task_s=%.2f%n", jdbc.sql("""
                    SELECT avg(extract(epoch FROM finished_at - started_at)) FROM tasks WHERE type = 'migrate'""")
                    .query(Double.class).single());
            System.out.printf("parallelism=%d%n", parallelism(jdbc));
            System.out.printf("pool_size=%d%n", poolSize);
            System.out.printf("per_server_limit=%d%n", perServer);
            System.out.printf("load_average_at_start=%s%n", load);
            deleteSites(context, jdbc);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabases.Database database, int poolSize, int perServer)
            throws Exception {
        return new SpringApplicationBuilder(BosunApplication.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.server().username(),
                "--spring.datasource.password=" + database.server().password(),
                "--bosun.home=" + Files.createTempDirectory("bosun-bench"),
                "--bosun.admin.password=bench-password",
                "--bosun.tasks.pool-size=" + poolSize,
                "--bosun.tasks.per-server-limit=" + perServer,
                "--spring.datasource.hikari.maximum-pool-size=" + (poolSize + 8),
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.level.root=WARN");
    }

    private static void installSites(ConfigurableApplicationContext context, JdbcClient jdbc, long platform,
                                     ServerInfo master, int count) throws InterruptedException {
        long client = context.getBean(ClientService.class).create(new ClientForm("Bench " + platform, "bench@client.example")).id();
        SiteService sites = context.getBean(SiteService.class);
        List<Long> ids = new ArrayList<>();
        String run = Long.toString(System.nanoTime(), 36);
        for (int i = 0; i < count; i++) {
            ids.add(sites.create(new SiteForm("fleet" + i + "-" + run + ".example.com", client, "example", platform,
                    "en", master.db().id(), "", false)));
        }
        waitFor(Duration.ofMinutes(60), () -> jdbc.sql("""
                SELECT count(*) FROM tasks WHERE type = 'install' AND status IN ('QUEUED', 'PROCESSING')""")
                .query(Long.class).single() == 0, count + " installs");
        long enabled = jdbc.sql("SELECT count(*) FROM sites WHERE status = 'ENABLED' AND platform_id = :platform")
                .param("platform", platform).query(Long.class).single();
        if (enabled != count) {
            throw new IllegalStateException("Only " + enabled + " of " + count + " sites installed; see the tasks");
        }
    }

    /** Deletes the benchmark's sites (databases, users, directories, vhosts) with the panel's own delete task. */
    private static void deleteSites(ConfigurableApplicationContext context, JdbcClient jdbc) throws InterruptedException {
        context.getBean(SettingsService.class).updateSiteSettings(new dev.bosun.settings.SiteSettings(false));
        SiteTasks siteTasks = context.getBean(SiteTasks.class);
        for (long id : jdbc.sql("SELECT id FROM sites WHERE status <> 'DELETED'").query(Long.class).list()) {
            siteTasks.queue(id, SiteTaskType.DELETE, new dev.bosun.site.SiteTaskArgs.None(), dev.bosun.account.ClientScope.ALL, "bench");
        }
        waitFor(Duration.ofMinutes(30), () -> jdbc.sql("""
                SELECT count(*) FROM tasks WHERE type = 'delete' AND status IN ('QUEUED', 'PROCESSING')""")
                .query(Long.class).single() == 0, "the sites' deletes");
    }

    private static FleetMigration awaitDone(FleetMigrations migrations, long platform, long runId, Duration limit)
            throws InterruptedException {
        waitFor(limit, () -> migrations.get(platform, runId).done(), "the migrations");
        return migrations.get(platform, runId);
    }

    /** The most migrate tasks running at one moment, from their start and end times. */
    private static int parallelism(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT max(running) FROM (
                    SELECT sum(delta) OVER (ORDER BY at, delta) AS running FROM (
                        SELECT started_at AS at, 1 AS delta FROM tasks WHERE type = 'migrate' AND started_at IS NOT NULL
                        UNION ALL
                        SELECT finished_at, -1 FROM tasks WHERE type = 'migrate' AND finished_at IS NOT NULL) e) r""")
                .query(Integer.class).single();
    }
}
