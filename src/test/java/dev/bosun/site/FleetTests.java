package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import dev.bosun.server.internal.PanelKey;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestFleet;
import dev.bosun.test.TestFleet.DbServer;
import dev.bosun.test.TestFleet.HttpAnswer;
import dev.bosun.test.TestFleet.WebServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Site tasks on a fleet of two web servers reached over OpenSSH as unprivileged users (each with its own nginx,
 * PHP-FPM and sudo rule for reloads) and two MariaDB servers, checked by asking each web server for the sites'
 * pages with their host names. The site folders keep Drupal's modes (0555, settings.php 0444).
 */
@RequiresProgram({"mariadb-dump|mysqldump", "mariadb|mysql"})
class FleetTests extends MovingSites {

    @RegisterExtension
    static TestFleet fleet = new TestFleet(2, context -> SpringExtension.getApplicationContext(context)
            .getBean(PanelKey.class).authorizedKeysLine());

    private static final Duration SERVING = Duration.ofSeconds(20);

    @Autowired
    FleetMigrations fleetMigrations;

    @Test
    void aSiteOnTheSecondWebServerAndDatabaseServerLivesItsWholeLifeThereAsTheServersUser() throws Exception {
        long platform = fleetPlatform(2, "example-base");
        long db2 = fleetDb(fleet.db2());
        WebServer web2 = fleet.web(2);

        long siteId = installedSite("life", platform, db2);

        String domain = site(siteId).domain();
        assertThat(serving(web2, domain).body()).contains(domain);
        assertThat(fleet.web(1).get(domain, "/").status()).as("web1 does not serve it").isEqualTo(404);
        Row installed = row(siteId);
        assertThat(fleet.db2().hasDatabase(installed.database())).isTrue();
        assertThat(fleet.db1().hasDatabase(installed.database())).isFalse();
        Path directory = siteDirectory(siteId);
        assertThat(owner(directory)).isEqualTo(web2.user());
        assertThat(owner(directory.resolve("settings.php"))).isEqualTo(web2.user());
        hardenAsDrupalDoes(directory);

        queue(siteId, SiteTaskType.VERIFY);
        assertThat(modes(directory)).as("verify rewrote settings.php and left Drupal's modes").isEqualTo("555 444");

        assertThat(run(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("")).status()).isEqualTo(TaskStatus.SUCCESS);
        long backupId = backups.listForSite(siteId).get(0).id();
        Files.writeString(directory.resolve("files/after-backup.txt"), "not in the backup\n");
        run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));
        assertThat(lastTask(siteId, "restore").status()).as(log(lastTask(siteId, "restore")))
                .isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
        assertThat(directory.resolve("files/after-backup.txt")).doesNotExist();
        assertThat(owner(directory)).isEqualTo(web2.user());
        assertThat(modes(directory)).isEqualTo("555 444");
        assertThat(fleet.db2().hasDatabase(row(siteId).database())).isTrue();
        assertThat(serving(web2, domain).body()).contains(domain);

        run(siteId, SiteTaskType.DISABLE, new SiteTaskArgs.None());
        assertThat(answer(web2, domain, a -> a.status() / 100 == 3).location()).endsWith("/disabled/" + domain);
        queue(siteId, SiteTaskType.ENABLE);
        serving(web2, domain);

        run(siteId, SiteTaskType.DISABLE, new SiteTaskArgs.None());
        run(siteId, SiteTaskType.DELETE, new SiteTaskArgs.None());
        assertThat(site(siteId).status()).as(log(lastTask(siteId, "delete"))).isEqualTo(SiteStatus.DELETED);
        assertThat(answer(web2, domain, a -> a.status() == 404).status()).isEqualTo(404);
        assertThat(directory).doesNotExist();
        assertThat(fleet.db2().hasDatabase(installed.database())).isFalse();
        assertThat(web2.vhostDir().resolve(domain)).doesNotExist();
    }

    @Test
    void aMigrateMovesTheSiteToTheOtherWebServerAndDatabaseServerAtOnce() throws Exception {
        long from = fleetPlatform(1, "example-base");
        long to = fleetPlatform(2, "example-newer");
        long db2 = fleetDb(fleet.db2());
        long siteId = installedSite("both", from, fleetDb(fleet.db1()));
        String domain = site(siteId).domain();
        Path oldDirectory = siteDirectory(siteId);
        Files.writeString(oldDirectory.resolve("files/uploaded.txt"), "travels\n");
        hardenAsDrupalDoes(oldDirectory);
        Row before = row(siteId);

        succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, to, db2));

        Row after = row(siteId);
        assertThat(serving(fleet.web(2), domain).body()).contains(domain);
        assertThat(answer(fleet.web(1), domain, a -> a.status() == 404).status()).isEqualTo(404);
        assertThat(fleet.db2().hasDatabase(after.database())).isTrue();
        assertThat(fleet.db1().hasDatabase(before.database())).as("the old database").isFalse();
        Path newDirectory = siteDirectory(siteId);
        assertThat(newDirectory.resolve("files/uploaded.txt")).hasContent("travels");
        assertThat(owner(newDirectory)).isEqualTo(fleet.web(2).user());
        assertThat(oldDirectory).doesNotExist();
        assertThat(fleet.web(1).vhostDir().resolve(domain)).doesNotExist();
    }

    @Test
    void theWebServerAndTheDatabaseServerCanEachBeChangedAlone() throws Exception {
        long from = fleetPlatform(1, "example-base");
        long to = fleetPlatform(2, "example-base");
        long db1 = fleetDb(fleet.db1());
        long db2 = fleetDb(fleet.db2());
        long siteId = installedSite("alone", from, db1);
        String domain = site(siteId).domain();
        Row first = row(siteId);

        succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, to, null));

        Row moved = row(siteId);
        assertThat(moved.dbServiceId()).isEqualTo(db1);
        assertThat(fleet.db1().hasDatabase(moved.database())).isTrue();
        assertThat(fleet.db1().hasDatabase(first.database())).isFalse();
        assertThat(serving(fleet.web(2), domain).body()).contains(domain);
        assertThat(answer(fleet.web(1), domain, a -> a.status() == 404).status()).isEqualTo(404);
        hardenAsDrupalDoes(siteDirectory(siteId));

        succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, null, db2));

        Row last = row(siteId);
        assertThat(last.platformId()).isEqualTo(to);
        assertThat(fleet.db2().hasDatabase(last.database())).isTrue();
        assertThat(fleet.db1().hasDatabase(moved.database())).isFalse();
        assertThat(modes(siteDirectory(siteId))).isEqualTo("555 444");
        assertThat(serving(fleet.web(2), domain).body()).contains(domain);
    }

    @Test
    void aCloneOnTheOtherServersLeavesTheOriginalServing() throws Exception {
        long from = fleetPlatform(1, "example-base");
        long to = fleetPlatform(2, "example-newer");
        long siteId = installedSite("orig", from, fleetDb(fleet.db1()));
        String domain = site(siteId).domain();
        hardenAsDrupalDoes(siteDirectory(siteId));
        String cloneDomain = uniqueDomain("copy");

        succeeds(siteId, SiteTaskType.CLONE, new SiteTaskArgs.Clone(cloneDomain, to, fleetDb(fleet.db2()), List.of()));

        assertThat(serving(fleet.web(2), cloneDomain).body()).contains(cloneDomain);
        assertThat(serving(fleet.web(1), domain).body()).contains(domain);
        assertThat(fleet.web(1).get(cloneDomain, "/").status()).isEqualTo(404);
        assertThat(fleet.web(2).get(domain, "/").status()).isEqualTo(404);
        assertThat(modes(siteDirectory(siteId))).as("the original's folder is untouched").isEqualTo("555 444");
    }

    @Test
    void migrateAllSitesMovesEverySiteOfThePlatformToTheOtherWebServer() throws Exception {
        long from = fleetPlatform(1, "example-older-schema");
        long to = fleetPlatform(2, "example-newer");
        long db = fleetDb(fleet.db1());
        List<Long> ids = List.of(installedSite("all-a", from, db), installedSite("all-b", from, db));

        FleetMigration started = fleetMigrations.start(from, to, "admin");
        await().atMost(TASK_TIMEOUT.multipliedBy(2)).until(() -> fleetMigrations.get(from, started.id()).done());

        FleetMigration done = fleetMigrations.get(from, started.id());
        assertThat(done.succeeded()).as(done.toString()).isEqualTo(ids.size());
        for (long id : ids) {
            String domain = site(id).domain();
            assertThat(site(id).platformId()).isEqualTo(to);
            assertThat(serving(fleet.web(2), domain).body()).contains(domain);
            assertThat(answer(fleet.web(1), domain, a -> a.status() == 404).status()).isEqualTo(404);
        }
    }

    @Test
    void aConnectionCutDuringThePushEndsTheTaskInErrorWithNothingHalfWrittenOnTheServer() throws Exception {
        long from = fleetPlatform(1, "example-base");
        long to = fleetPlatform(2, "example-base");
        long siteId = installedSite("cut", from, fleetDb(fleet.db1()));
        String domain = site(siteId).domain();
        Path big = siteDirectory(siteId).resolve("files/big.bin");
        byte[] block = new byte[1 << 20];
        new java.util.Random(17).nextBytes(block);
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 200; i++) {
                out.write(block);
            }
        }
        WebServer web2 = fleet.web(2);
        List<ProcessHandle> before = web2.connections();
        Thread cutter = new Thread(() -> cutNewConnections(web2, before));
        cutter.start();
        TaskSummary migrate;
        try {
            migrate = run(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, to, null));
        } finally {
            cutter.interrupt();
            cutter.join();
        }

        String log = failedLog(migrate);
        assertThat(log).contains("transfer to");
        Path sites = Path.of(platforms.get(to).docrootPath(), "sites");
        try (var entries = Files.list(sites)) {
            assertThat(entries.map(p -> p.getFileName().toString()))
                    .as("nothing of the site on web2, not even a partial copy").noneMatch(n -> n.contains(domain));
        }
        assertThat(web2.vhostDir().resolve(domain)).doesNotExist();
        assertThat(row(siteId).platformId()).isEqualTo(from);
        assertThat(serving(fleet.web(1), domain).body()).contains(domain);
    }

    /** Kills the sshd processes that serve a transfer started after {@code before}, while one runs. */
    private static void cutNewConnections(WebServer web, List<ProcessHandle> before) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                boolean pushing = ProcessHandle.allProcesses().anyMatch(p -> p.info().commandLine()
                        .map(line -> line.contains("rsync") && line.contains("-p " + web.sshPort())).orElse(false));
                if (pushing) {
                    Thread.sleep(150);
                    web.connections().stream().filter(p -> !before.contains(p)).forEach(ProcessHandle::destroyForcibly);
                    return;
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------------------------------------------------

    /** The fleet's web server {@code number}, registered once per context and verified. */
    protected ServerInfo fleetWeb(int number) {
        WebServer web = fleet.web(number);
        String name = "fleet-" + web.user();
        ServerInfo server = servers.list().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> servers.register(web.registration(name)));
        return verified(server);
    }

    /** The db service of one of the fleet's database servers, registered once per context and verified. */
    protected long fleetDb(DbServer db) {
        String name = "fleet-" + db.name() + "-" + db.port();
        ServerInfo server = servers.list().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> servers.register(db.registration(name)));
        return verified(server).db().id();
    }

    private ServerInfo verified(ServerInfo server) {
        await().atMost(TASK_TIMEOUT).until(() -> servers.get(server.id()).status() == ServerStatus.ENABLED
                || lastVerifyFailed(server.id()));
        assertThat(servers.get(server.id()).status()).as(() -> "verify of " + server.name() + ": "
                + servers.latestTasks(server.id(), 1).stream().map(this::log).findFirst().orElse("no task"))
                .isEqualTo(ServerStatus.ENABLED);
        return servers.get(server.id());
    }

    private boolean lastVerifyFailed(long serverId) {
        return servers.latestTasks(serverId, 1).stream().anyMatch(task -> task.status() == TaskStatus.ERROR);
    }

    /** A platform on the fleet's web server {@code number}: its copy of an example platform, registered and verified. */
    protected long fleetPlatform(int number, String example) {
        ServerInfo server = fleetWeb(number);
        Path root = fleet.web(number).platform(example);
        String name = example + " on web" + number;
        return platforms.list().stream().filter(p -> p.name().equals(name)).findFirst().map(p -> p.id())
                .orElseGet(() -> {
                    long id = platforms.register(new PlatformForm(name, server.id(), root.toString(), null, null),
                            "admin").platform().id();
                    await().atMost(TASK_TIMEOUT).until(() -> platforms.get(id).status() != PlatformStatus.QUEUED
                            || platforms.recentTasks(id, 1).stream().anyMatch(t -> t.status().isFinished()));
                    assertThat(platforms.get(id).status()).as(() -> "platform verify: "
                            + platforms.recentTasks(id, 1).stream().map(this::log).findFirst().orElse(""))
                            .isEqualTo(PlatformStatus.ENABLED);
                    return id;
                });
    }

    /** The octal modes of a site directory and its settings.php, e.g. "555 444". */
    protected static String modes(Path directory) throws Exception {
        return TestFleet.mode(directory) + " " + TestFleet.mode(directory.resolve("settings.php"));
    }

    protected TaskSummary lastTask(long siteId, String type) {
        return siteTasks.history(siteId, 0).items().stream().filter(t -> t.type().equals(type)).findFirst()
                .orElseThrow();
    }

    /** The web server's answer for the domain once it is {@code 200}. */
    protected static HttpAnswer serving(WebServer web, String domain) {
        return answer(web, domain, answer -> answer.status() == 200);
    }

    /** nginx reloads asynchronously: the old workers may answer a moment longer. */
    protected static HttpAnswer answer(WebServer web, String domain, Predicate<HttpAnswer> condition) {
        return await().atMost(SERVING).until(() -> web.get(domain, "/"), condition);
    }

    /** Drupal's installer leaves the site directory 0555 and settings.php 0444. */
    protected static void hardenAsDrupalDoes(Path siteDirectory) throws Exception {
        Files.setPosixFilePermissions(siteDirectory.resolve("settings.php"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(siteDirectory, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    protected static String owner(Path path) throws Exception {
        return Files.getOwner(path).getName();
    }

    protected String failedLog(TaskSummary task) {
        assertThat(task.status()).as(log(task)).isEqualTo(TaskStatus.ERROR);
        return log(task);
    }
}
