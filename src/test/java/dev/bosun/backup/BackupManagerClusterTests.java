package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import dev.bosun.secret.SecretBox;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.site.ScheduledBackups;
import dev.bosun.task.Nodes;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.ExampleSite;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The backup manager on two panel nodes sharing one database, Quartz's clustered store and the
 * task queue: however often and wherever it is fired at once, each due site gets one scheduled
 * backup, which runs once and writes one archive.
 */
@RequiresProgram("mariadb-dump|mysqldump")
class BackupManagerClusterTests {

    static final int SITES = 3;
    static final JobKey JOB = JobKey.jobKey("backup-manager", "backup");

    @Test
    void twoNodesFiringTheManagerAtOnceBackUpEachDueSiteOnce() throws Exception {
        List<ExampleSite> sites = new ArrayList<>();
        try (Nodes nodes = new Nodes()) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            String key = Base64.getEncoder().encodeToString(secret);
            ConfigurableApplicationContext a = nodes.start("node-a", List.of(), "bosun.secret-key=" + key);
            ConfigurableApplicationContext b = nodes.start("node-b", List.of(), "bosun.secret-key=" + key);
            JdbcClient jdbc = a.getBean(JdbcClient.class);
            long platform = platform(a);
            List<Long> siteIds = new ArrayList<>();
            for (int i = 0; i < SITES; i++) {
                ExampleSite site = new ExampleSite("mariadb", Path.of(rootPath(jdbc, platform)));
                sites.add(site);
                siteIds.add(site(a, platform, site));
            }
            a.getBean(SettingsService.class).setFeature(Feature.BACKUP_MANAGER, true);

            fireEverywhereAtOnce(a, b);
            fireEverywhereAtOnce(a, b);

            await().atMost(Duration.ofMinutes(2)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM tasks WHERE type = 'backup' AND status IN ('SUCCESS', 'WARNING')""")
                    .query(Long.class).single() == SITES);
            fireEverywhereAtOnce(a, b);

            for (long siteId : siteIds) {
                assertThat(jdbc.sql("""
                        SELECT status || ' ' || attempt || ' ' || requested_by FROM tasks
                        WHERE site_id = :site ORDER BY id""").param("site", siteId).query(String.class).list())
                        .as("one scheduled backup of site %d, run once", siteId)
                        .containsExactly("SUCCESS 1 backup manager");
                List<BackupInfo> backups = a.getBean(BackupService.class).listForSite(siteId);
                assertThat(backups).singleElement().satisfies(backup -> {
                    assertThat(backup.description()).isEqualTo("Automated backup");
                    assertThat(backup.path()).isRegularFile();
                });
                assertThat(jdbc.sql("SELECT kind FROM backups WHERE site_id = :site").param("site", siteId)
                        .query(String.class).single()).isEqualTo("AUTOMATED");
            }
        } finally {
            sites.forEach(ExampleSite::close);
        }
    }

    /** Both nodes' Quartz fire the job and both nodes also run the manager directly, all at the same moment. */
    private static void fireEverywhereAtOnce(ConfigurableApplicationContext... nodes) throws Exception {
        CyclicBarrier start = new CyclicBarrier(nodes.length * 2);
        List<CompletableFuture<?>> runs = new ArrayList<>();
        for (ConfigurableApplicationContext node : nodes) {
            runs.add(CompletableFuture.runAsync(() -> {
                arrive(start);
                node.getBean(ScheduledBackups.class).runScheduled();
            }));
            runs.add(CompletableFuture.runAsync(() -> {
                arrive(start);
                try {
                    node.getBean(Scheduler.class).triggerJob(JOB);
                } catch (org.quartz.SchedulerException e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get();
    }

    private static void arrive(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The local machine as master (MariaDB as its db service) and a copy of the example platform on it. */
    private static long platform(ConfigurableApplicationContext node) throws Exception {
        TestDatabases.Server db = TestDatabases.mariadb();
        Path vhosts = TestDatabases.temporaryFolder("bosun-vhosts");
        ServerInfo master = node.getBean(ServerService.class).register(new ServerRegistration("master", "localhost",
                22, null, true, new ServerRegistration.HttpSettings(HttpType.NGINX, vhosts.toString(), "true", "true",
                        8080, "127.0.0.1:9000"),
                new ServerRegistration.DbSettings(DbType.MARIADB, db.host(), db.port(), db.username(), db.password())));
        Path root = ExamplePlatforms.copy().resolve("example-base");
        return node.getBean(JdbcClient.class).sql("""
                INSERT INTO platforms (name, server_id, root_path, status) VALUES ('base', :server, :root, 'ENABLED')
                RETURNING id""").param("server", master.id()).param("root", root.toString())
                .query(Long.class).single();
    }

    private static String rootPath(JdbcClient jdbc, long platform) {
        return jdbc.sql("SELECT root_path FROM platforms WHERE id = :id").param("id", platform)
                .query(String.class).single();
    }

    /** A site row for an example site whose folder and database exist, credentials stored encrypted. */
    private static long site(ConfigurableApplicationContext node, long platform, ExampleSite site) {
        JdbcClient jdbc = node.getBean(JdbcClient.class);
        long client = jdbc.sql("INSERT INTO clients (name) VALUES (:name) RETURNING id")
                .param("name", "Client of " + site.domain).query(Long.class).single();
        long dbService = jdbc.sql("""
                SELECT s.id FROM services s JOIN platforms p ON p.server_id = s.server_id
                WHERE p.id = :platform AND s.kind = 'db'""").param("platform", platform).query(Long.class).single();
        return jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status, db_name, db_user,
                                   db_password_enc)
                VALUES (:domain, :client, :platform, :db, 'example', 'ENABLED', :name, :name, :password) RETURNING id""")
                .param("domain", site.domain).param("client", client).param("platform", platform).param("db", dbService)
                .param("name", site.database())
                .param("password", node.getBean(SecretBox.class).encrypt(ExampleSite.PASSWORD))
                .query(Long.class).single();
    }
}
