package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.platform.SitePackage;
import dev.bosun.server.DbType;
import dev.bosun.task.internal.StepFaults;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The clone task for real, on a MariaDB site of the example platform served by nginx: a clone onto a newer
 * platform and another db server that works on its own while the original stays as it was, and a failure
 * after each step that leaves nothing of the clone.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump", "mariadb|mysql"})
class CloneTests extends MovingSites {

    static final List<String> STEPS = List.of("site record", "backup", "deploy", "updatedb", "file paths",
            "cache rebuild", "verify", "status");

    @Autowired
    StepFaults faults;

    @Test
    void aCloneOnAnotherPlatformAndDbServerWorksOnItsOwnAndLeavesTheOriginalAsItWas() throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long siteId = installedSite("original", base, dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        String cloneDomain = uniqueDomain("clone");
        String cloneAlias = uniqueDomain("www-clone");
        long second = secondMariadbService();
        Original before = original(siteId);

        String log = succeeds(siteId, SiteTaskType.CLONE, new SiteTaskArgs.Clone(cloneDomain, newer, second,
                List.of(cloneAlias)));

        assertThat(original(siteId)).as("the original is untouched").isEqualTo(before);
        SiteSummary clone = siteQueries.page(new SiteFilter(cloneDomain, null, 0, 10), ClientScope.ALL)
                .items().stream().filter(s -> s.domain().equals(cloneDomain)).findFirst().orElseThrow();
        assertThat(clone.status()).isEqualTo(SiteStatus.ENABLED);
        assertThat(clone.platformId()).isEqualTo(newer);
        assertThat(clone.dbServiceId()).isEqualTo(second);
        assertThat(clone.clientId()).isEqualTo(site(siteId).clientId());
        assertThat(clone.profile()).isEqualTo(site(siteId).profile());
        assertThat(siteQueries.aliases(clone.id())).extracting(SiteAlias::alias).containsExactly(cloneAlias);
        Row cloneRow = row(clone.id());
        assertThat(cloneRow.database()).isNotEqualTo(before.row().database());
        assertThat(cloneRow.user()).isNotEqualTo(before.row().user());
        assertThat(SiteSnapshot.databasesAndUsers(DbType.MARIADB, cloneDomain))
                .containsExactlyInAnyOrder("db " + cloneRow.database(), "user " + cloneRow.user());
        assertThat(recordedSchema(clone.id(), "system")).as("the clone's registry after updatedb on the newer platform")
                .isGreaterThan(recordedSchema(siteId, "system"));
        assertThat(eventually(cloneDomain, response -> response.status() == 200).body())
                .contains("sites/" + cloneDomain).contains("10.4.1");
        assertThat(get(cloneDomain, "/bosun-example/status.json").body())
                .contains("sites/" + cloneDomain + "/files/welcome.txt").doesNotContain("sites/" + domain);
        assertThat(backups.listForSite(siteId)).extracting(BackupInfo::description)
                .contains(BackupKind.PRE_CLONE.defaultDescription());
        assertThat(log).contains(cloneDomain + " is enabled");

        Path cloneDirectory = siteDirectory(clone.id());
        Files.writeString(cloneDirectory.resolve("files/only-in-the-clone.txt"), "written to the clone\n");
        SiteSnapshot.execute(DbType.MARIADB, cloneRow.database(), "UPDATE users SET name = 'clone-owner' WHERE uid = 1");
        assertThat(SiteSnapshot.query(DbType.MARIADB, cloneRow.database(), "SELECT name FROM users WHERE uid = 1"))
                .isEqualTo("clone-owner");
        assertThat(original(siteId)).as("writing to the clone leaves the original alone").isEqualTo(before);
    }

    @Test
    void aFailureAfterAnyStepLeavesNothingOfTheCloneAndTheOriginalAsItWas() throws Exception {
        long base = examplePlatform("example-base");
        long siteId = installedSite("cloned", base, dbService(DbType.MARIADB));
        String cloneDomain = uniqueDomain("failed-clone");
        Original before = original(siteId);
        List<String> foldersBefore = siteFolders(base);

        for (String step : STEPS) {
            faults.failAfter("clone", step);
            TaskSummary clone;
            try {
                clone = run(siteId, SiteTaskType.CLONE, new SiteTaskArgs.Clone(cloneDomain, base,
                        dbService(DbType.MARIADB), List.of()));
            } finally {
                faults.clear();
            }
            String log = log(clone);
            assertThat(clone.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertRolledBackTruthfully(clone, step);
            assertThat(log).as(step).contains("Injected failure after step '" + step + "'")
                    .doesNotContain("Undo of step");
            assertThat(jdbc.sql("SELECT count(*) FROM sites WHERE domain = :d").param("d", cloneDomain)
                    .query(Long.class).single()).as(step + ": the clone's record is gone").isZero();
            assertThat(SiteSnapshot.databasesAndUsers(DbType.MARIADB, cloneDomain)).as(step).isEmpty();
            assertThat(siteFolders(base)).as(step).isEqualTo(foldersBefore);
            assertThat(vhost(cloneDomain)).as(step).doesNotExist();
            assertThat(aliasFile(cloneDomain)).as(step).doesNotExist();
            assertThat(original(siteId)).as(step + "\n" + log).isEqualTo(before);
        }
    }

    @Test
    void anInterruptionAfterAnyStepLeavesNothingOfTheCloneAndOnePastThePointOfNoReturnEnablesIt() throws Exception {
        long base = examplePlatform("example-base");
        long siteId = installedSite("cut-clone", base, dbService(DbType.MARIADB));
        String cloneDomain = uniqueDomain("interrupted-clone");
        Original before = original(siteId);
        List<String> foldersBefore = siteFolders(base);
        SiteTaskArgs args = new SiteTaskArgs.Clone(cloneDomain, base, dbService(DbType.MARIADB), List.of());

        for (String step : STEPS) {
            TaskSummary clone = interruptedAndRecovered(siteId, SiteTaskType.CLONE, args, step);
            String log = log(clone);
            assertThat(clone.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertRolledBackTruthfully(clone, step);
            assertThat(jdbc.sql("SELECT count(*) FROM sites WHERE domain = :d").param("d", cloneDomain)
                    .query(Long.class).single()).as(step + ": the clone's record is gone").isZero();
            assertThat(SiteSnapshot.databasesAndUsers(DbType.MARIADB, cloneDomain)).as(step).isEmpty();
            assertThat(siteFolders(base)).as(step).isEqualTo(foldersBefore);
            assertThat(vhost(cloneDomain)).as(step).doesNotExist();
            assertThat(aliasFile(cloneDomain)).as(step).doesNotExist();
            assertThat(original(siteId)).as(step + "\n" + log).isEqualTo(before);
        }

        TaskSummary clone = interruptedAndRecovered(siteId, SiteTaskType.CLONE, args, StepFaults.POINT_OF_NO_RETURN);

        assertThat(clone.status()).as(log(clone)).isEqualTo(TaskStatus.WARNING);
        assertThat(jdbc.sql("SELECT status FROM sites WHERE domain = :d").param("d", cloneDomain)
                .query(String.class).single()).isEqualTo("ENABLED");
        assertThat(eventually(cloneDomain, response -> response.status() == 200).status()).isEqualTo(200);
        assertThat(original(siteId)).isEqualTo(before);
    }

    /** The original as a clone could change it: its row and packages, files, table data, vhost, alias and page. */
    record Original(Row row, List<SitePackage> packages, Map<String, String> files,
                    Map<String, String> tables, List<String> databasesAndUsers, String vhost, String alias,
                    String page) {
    }

    private Original original(long siteId) throws Exception {
        Row row = row(siteId);
        Response page = get(row.domain(), "/");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return new Original(row, recordedPackages(siteId), SiteSnapshot.files(siteDirectory(siteId)),
                SiteSnapshot.tables(DbType.MARIADB, row.database()),
                SiteSnapshot.databasesAndUsers(DbType.MARIADB, row.domain()), Files.readString(vhost(row.domain())),
                Files.readString(aliasFile(row.domain())), page.body());
    }
}
