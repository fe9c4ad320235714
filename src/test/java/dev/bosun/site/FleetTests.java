package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.internal.PanelKey;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestFleet;
import dev.bosun.test.TestFleet.DbServer;
import dev.bosun.test.TestFleet.WebServer;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.http.MediaType;
import org.springframework.test.context.junit.jupiter.SpringExtension;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * Site tasks on a fleet of two web servers reached over OpenSSH as unprivileged users (each with its own nginx,
 * PHP-FPM and sudo rule for reloads) and two MariaDB servers, checked by asking each web server for the sites'
 * pages with their host names. The site folders keep Drupal's modes (0555, settings.php 0444).
 */
@RequiresProgram({"mariadb-dump|mysqldump", "mariadb|mysql"})
class FleetTests extends FleetSites {

    @RegisterExtension
    static TestFleet fleet = new TestFleet(2, context -> SpringExtension.getApplicationContext(context)
            .getBean(PanelKey.class).authorizedKeysLine());

    @Autowired
    FleetMigrations fleetMigrations;
    @Autowired
    WebApplicationContext context;

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
        assertThat(TestFleet.mode(directory.resolve("settings.php"))).isEqualTo("444");
        assertThat(fleet.db2().hasDatabase(row(siteId).database())).isTrue();
        assertThat(serving(web2, domain).body()).contains(domain);

        run(siteId, SiteTaskType.DISABLE, new SiteTaskArgs.None());
        // The site's own web server answers with its static "Site disabled" page (no redirect to the panel).
        assertThat(answer(web2, domain, a -> a.status() == 503).body()).contains("Site disabled", domain);
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

    @Test
    void aSiteThatDoesNotAnswerAfterItsInstallIsRolledBackAndTheLogSaysWhatWasAsked() throws Exception {
        ServerInfo web1 = fleetWeb(1);
        Path root = fleet.web(1).copyPlatform("example-base", "check-" + System.nanoTime());
        long platform = platforms.register(new PlatformForm("checked " + System.nanoTime(), web1.id(),
                root.toString(), null, null), "admin").platform().id();
        await().atMost(TASK_TIMEOUT).until(() -> platforms.get(platform).status() == PlatformStatus.ENABLED);
        platforms.setCheckPath(platform, "/sites/default/private/check", "admin");
        long client = clients.create(new dev.bosun.account.ClientForm("Check " + System.nanoTime(),
                "owner@client.example")).id();
        String domain = uniqueDomain("silent");

        long siteId = sites.create(new SiteForm(domain, client, "example", platform, "en", fleetDb(fleet.db1()), "",
                false));

        String log = failedLog(finished(siteId, "install"));
        assertThat(log).contains(domain + " does not answer: GET /sites/default/private/check for " + domain + " on "
                + web1.name()).contains("gave HTTP 403").contains("Undid: the vhost of " + domain);
        assertThat(fleet.web(1).vhostDir().resolve(domain)).doesNotExist();
        assertThat(root.resolve("web/sites/" + domain)).doesNotExist();
        assertThat(SiteSnapshot.databasesAndUsers(dev.bosun.server.DbType.MARIADB, domain)).isEmpty();
        assertThat(fleet.web(1).get(domain, "/").status()).isEqualTo(404);
    }

    @Test
    void verifySaysWhatAServerLacksAndAServerWhoseVerifyFailedTakesNoSite() throws Exception {
        ServerInfo web2 = fleetWeb(2);
        String verified = log(servers.latestTasks(web2.id(), 1).get(0));
        assertThat(verified).contains("OK PHP pdo_mysql: loaded", "OK PHP pdo_pgsql: loaded", "OK tar: ",
                "OK gzip: ", "OK MariaDB/MySQL client: ", "OK PostgreSQL client: ", "OK Disk space: ",
                "may run `/usr/sbin/nginx", "answers on port " + fleet.web(2).httpPort() + " after the reload");
        long db2Service = fleetDb(fleet.db2());
        long db2Server = servers.dbService(db2Service).orElseThrow().serverId();
        assertThat(log(servers.latestTasks(db2Server, 1).get(0)))
                .contains("OK The admin account can create a database and a user with rights on that database only");

        WebServer web1 = fleet.web(1);
        String reopen = web1.reload().replace("-s reload", "-s reopen");
        var registration = web1.registration("fleet-nosudo-" + System.nanoTime());
        ServerInfo refused = servers.register(new dev.bosun.server.ServerRegistration(registration.name(),
                registration.hostname(), registration.port(), registration.sshUser(), false,
                new dev.bosun.server.ServerRegistration.HttpSettings(registration.http().type(),
                        registration.http().vhostDir(), registration.http().configTestCommand(), reopen,
                        registration.http().port(), registration.http().phpFastcgi()), null));
        String failed = failedLog(awaitVerify(refused.id()));
        assertThat(failed).contains("The SSH user " + web1.user() + " may not run `" + reopen.substring(8)
                + "` through sudo without a password").contains(web1.user() + " ALL=(root) NOPASSWD: ");

        DbServer db2 = fleet.db2();
        ServerInfo wrongPassword = servers.register(new DbServer("db2-wrong", db2.type(), db2.host(), db2.port(),
                db2.adminUser(), "not-the-password").registration("fleet-db-wrong-" + System.nanoTime()));
        failedLog(awaitVerify(wrongPassword.id()));
        long client = clients.create(new dev.bosun.account.ClientForm("Refused " + System.nanoTime(),
                "owner@client.example")).id();
        long platform = fleetPlatform(2, "example-base");
        String domain = uniqueDomain("refused");

        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        mvc.perform(post("/api/v1/sites").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"domain\":\"" + domain + "\",\"clientId\":" + client + ",\"profile\":\"example\","
                                + "\"platformId\":" + platform + ",\"dbServerId\":" + wrongPassword.db().id() + "}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("dbServerId"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString(
                        "The last verify of server " + wrongPassword.name() + " failed")));
        assertThatThrownBy(() -> sites.create(new SiteForm(domain, client, "example", platform, "en",
                wrongPassword.db().id(), "", false))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("verify the server again");
        assertThat(siteQueries.domainTaken(domain, null)).as("no site recorded").isFalse();
    }

    private TaskSummary awaitVerify(long serverId) {
        await().atMost(TASK_TIMEOUT).until(() -> servers.latestTasks(serverId, 1).stream()
                .anyMatch(task -> task.status().isFinished()));
        return servers.latestTasks(serverId, 1).get(0);
    }

    /**
     * Kills the sshd process of a connection opened after {@code before} as soon as the rsync it serves runs on the
     * server: the transfer is cut off while it writes.
     */
    private static void cutNewConnections(WebServer web, List<ProcessHandle> before) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ProcessHandle connection : web.connections()) {
                    if (!before.contains(connection) && connection.descendants().anyMatch(p -> p.info().commandLine()
                            .map(line -> line.contains("rsync --server")).orElse(false))) {
                        connection.descendants().forEach(ProcessHandle::destroyForcibly);
                        connection.destroyForcibly();
                        return;
                    }
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    protected TestFleet fleet() {
        return fleet;
    }
}
