package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.secret.SecretBox;
import dev.bosun.server.DbType;
import dev.bosun.task.internal.StepFaults;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The restore task for real, on MariaDB and PostgreSQL sites of the example platform served by nginx:
 * a round trip back to a backup, damaged archives refused before anything changes, and a failure after
 * each step rolled back to the site as it was.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump", "mariadb|mysql", "pg_dump", "psql"})
class RestoreTests extends RunningMaster {

    static final List<String> STEPS = List.of("checksum", "maintenance on", "pre-restore backup", "unpack",
            "database", "import", "swap", "verify", "maintenance off");
    /** settings.php is rewritten with the new database's credentials; every other file must come back as it was. */
    static final Predicate<String> SETTINGS = path -> path.equals("settings.php");

    @Autowired
    StepFaults faults;
    @Autowired
    SecretBox secrets;

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB", "POSTGRESQL"})
    void bringsBackTheFilesAndTheDatabaseOfTheBackupOnANewDatabase(DbType type) throws Exception {
        long siteId = installedSite("restore", examplePlatform("example-base"), dbService(type));
        String domain = site(siteId).domain();
        Path directory = siteDirectory(siteId);
        long backupId = backup(siteId, "before the changes");
        Stored before = stored(siteId);
        Map<String, String> files = SiteSnapshot.files(directory, SETTINGS);
        Map<String, String> tables = SiteSnapshot.tables(type, before.database());
        Response page = eventually(domain, response -> response.status() == 200);

        change(type, siteId);
        assertThat(SiteSnapshot.files(directory, SETTINGS)).isNotEqualTo(files);
        assertThat(SiteSnapshot.tables(type, before.database())).isNotEqualTo(tables);
        assertThat(get(domain, "/").body()).isNotEqualTo(page.body());

        TaskSummary restore = run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));

        String log = log(restore);
        assertThat(restore.status()).as(log).isEqualTo(TaskStatus.SUCCESS);
        Stored after = stored(siteId);
        assertThat(after.database()).isNotEqualTo(before.database());
        assertThat(after.user()).isNotEqualTo(before.user());
        assertThat(SiteSnapshot.files(directory, SETTINGS)).as("files byte-identical to the backup").isEqualTo(files);
        assertThat(SiteSnapshot.tables(type, after.database())).as("table data of the backup").isEqualTo(tables);
        assertThat(directory.resolve("settings.php")).content().contains("'" + after.database() + "'")
                .doesNotContain("'" + before.database() + "'");
        assertThat(eventually(domain, response -> response.status() == 200).body()).isEqualTo(page.body());
        assertThat(SiteSnapshot.databasesAndUsers(type, domain))
                .as("the previous database and user are gone").containsExactlyInAnyOrder("db " + after.database(),
                        "user " + after.user());
        assertThat(siteFolders(siteId)).as("no copy left beside the site").containsExactlyInAnyOrder("default", domain);
        assertThat(backups.listForSite(siteId)).extracting(BackupInfo::description)
                .contains(BackupKind.PRE_RESTORE.defaultDescription());
        assertThat(log).contains("Restoring the backup ").contains("sha256 matches the record")
                .contains(domain + " is restored to the backup of ");
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void refusesADamagedArchiveBeforeAnythingChanges(Damage damage) throws Exception {
        long siteId = installedSite("damaged", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long backupId = backup(siteId, "to be damaged");
        change(DbType.MARIADB, siteId);
        damage.apply(backups.get(backupId).path());
        State before = state(DbType.MARIADB, siteId);

        TaskSummary restore = run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));

        String log = log(restore);
        assertThat(restore.status()).as(log).isEqualTo(TaskStatus.ERROR);
        assertThat(log).contains("is refused").contains(damage.reason).doesNotContain("Rolling back");
        assertThat(backups.get(backupId).damage()).as("the backup is marked damaged").contains(damage.reason);
        assertThat(backups.restoreChoices(siteId)).extracting(choice -> choice.backupId()).doesNotContain(backupId);
        assertThat(state(DbType.MARIADB, siteId)).isEqualTo(before);
        assertThat(eventually(site(siteId).domain(), response -> response.status() == 200).body())
                .isEqualTo(before.page());
    }

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB", "POSTGRESQL"})
    void aFailureAfterAnyStepLeavesTheSiteAsItWas(DbType type) throws Exception {
        long siteId = installedSite("rollback", examplePlatform("example-base"), dbService(type));
        long backupId = backup(siteId, "restored in vain");
        change(type, siteId);
        State before = state(type, siteId);

        for (String step : STEPS) {
            faults.failAfter("restore", step);
            TaskSummary restore;
            try {
                restore = run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));
            } finally {
                faults.clear();
            }
            String log = log(restore);
            assertThat(restore.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertRolledBackTruthfully(restore, step);
            assertThat(log).as(step).contains("Injected failure after step '" + step + "'");
            assertThat(log).as(step).doesNotContain("Undo of step");
            assertThat(eventually(site(siteId).domain(), response -> response.status() == 200).body()).as(step)
                    .isEqualTo(before.page());
            assertThat(state(type, siteId)).as("after a failure following '" + step + "'\n" + log).isEqualTo(before);
        }
        assertThat(backups.listForSite(siteId)).as("the pre-restore backups are kept")
                .filteredOn(backup -> backup.description().equals(BackupKind.PRE_RESTORE.defaultDescription()))
                .hasSize(STEPS.size() - STEPS.indexOf("pre-restore backup"));
    }

    @Test
    void anInterruptionAfterAnyStepIsRolledBackFromTheJournalAndAnInterruptionPastThePointOfNoReturnCarriedForward()
            throws Exception {
        DbType type = DbType.MARIADB;
        long siteId = installedSite("interrupted", examplePlatform("example-base"), dbService(type));
        long backupId = backup(siteId, "restored after interruptions");
        change(type, siteId);
        State before = state(type, siteId);

        TaskSummary last = null;
        for (String step : STEPS) {
            last = interruptedAndRecovered(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId), step);
            String log = log(last);
            assertThat(last.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertThat(outcome(last.id())).isEqualTo("interrupted");
            assertThat(log).as(step).contains("Interrupted: node node-gone stopped while step '" + step
                    + "' was running.");
            assertRolledBackTruthfully(last, step);
            assertThat(eventually(site(siteId).domain(), response -> response.status() == 200).body()).as(step)
                    .isEqualTo(before.page());
            assertThat(state(type, siteId)).as("after an interruption following '" + step + "'\n" + log)
                    .isEqualTo(before);
        }
        assertThat(journal(last.id())).extracting(Journaled::kind).contains("maintenance", "directory", "database",
                "credentials", "swap", "drush alias", "vhost", "packages");
        String previousDatabase = stored(siteId).database();

        TaskSummary forward = interruptedAndRecovered(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId),
                StepFaults.POINT_OF_NO_RETURN);

        String log = log(forward);
        assertThat(forward.status()).as(log).isEqualTo(TaskStatus.WARNING);
        assertThat(outcome(forward.id())).isEqualTo("interrupted; carried forward");
        assertThat(log).contains("Carrying the task forward").doesNotContain("Undid").doesNotContain("ERROR");
        assertThat(stored(siteId).database()).isNotEqualTo(previousDatabase);
        assertThat(SiteSnapshot.databasesAndUsers(type, site(siteId).domain())).as("the previous database is gone")
                .doesNotContain("db " + previousDatabase);
        assertThat(state(type, siteId).siteFolders()).as("no copy kept aside")
                .noneMatch(folder -> folder.contains(".previous-") || folder.contains(".restore-"));
        assertThat(eventually(site(siteId).domain(), response -> response.status() == 200).body())
                .isNotEqualTo(before.page());
    }

    @Test
    void aSiteThatDoesNotAnswerAfterThePointOfNoReturnIsAnErrorThatRollsNothingBack() throws Exception {
        DbType type = DbType.MARIADB;
        long platform = examplePlatform("example-base");
        long siteId = installedSite("silent-after", platform, dbService(type));
        long backupId = backup(siteId, "restored, then silent");
        String domain = site(siteId).domain();

        TaskSummary forward;
        try {
            forward = interruptedAndRecovered(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId),
                    StepFaults.POINT_OF_NO_RETURN,
                    () -> platforms.setCheckPath(platform, "/sites/default/private/check", "admin"));
        } finally {
            platforms.setCheckPath(platform, "/", "admin");
        }

        String log = log(forward);
        assertThat(forward.status()).as(log).isEqualTo(TaskStatus.ERROR);
        assertThat(log).contains("Carrying the task forward")
                .contains("ERROR " + domain + " does not answer: GET /sites/default/private/check for " + domain)
                .contains("gave HTTP 403")
                .contains("The task had passed its point of no return, so nothing is rolled back")
                .doesNotContain("Undid").doesNotContain(domain + " is restored");
        assertThat(state(type, siteId).siteFolders()).as("carried forward all the same: no copy kept aside")
                .noneMatch(folder -> folder.contains(".previous-") || folder.contains(".restore-"));
        assertThat(eventually(domain, response -> response.status() == 200).status()).isEqualTo(200);
    }

    @LocalServerPort
    int port;

    @Test
    @RequiresProgram({"chromium", "chromedriver"})
    void inTheBrowserTheDialogListsTheBackupsAndRestoresTheChosenOne() throws Exception {
        long siteId = installedSite("dialog", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long older = backup(siteId, "the older one");
        long newer = backup(siteId, "the newer one");
        WebDriver driver = Browser.start();
        try {
            Browser.signInAsAdmin(driver, "http://localhost:" + port);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));

            driver.get("http://localhost:" + port + "/sites/" + siteId);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("task-restore"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-restore")));
            List<String> labels = driver.findElements(By.cssSelector("#restore-choices label")).stream()
                    .map(WebElement::getText).toList();
            assertThat(labels).hasSize(2);
            assertThat(labels.get(0)).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC - [0-9.]+ KB - the newer one");
            assertThat(labels.get(1)).endsWith(" - the older one");
            assertThat(driver.findElement(By.id("restore-" + newer)).isSelected()).isTrue();
            Browser.screenshot(driver, "restore-dialog");

            driver.findElement(By.cssSelector("label[for=restore-" + older + "]")).click();
            driver.findElement(By.id("confirm-restore")).click();
            wait.until(ExpectedConditions.urlContains("?queued="));
        } catch (RuntimeException | AssertionError failed) {
            Browser.screenshot(driver, "restore-browser-failure");
            throw failed;
        } finally {
            driver.quit();
        }
        TaskSummary restore = finished(siteId, "restore");
        assertThat(restore.status()).as(log(restore)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(log(restore)).contains(" - the older one (");
    }

    /** Everything a restore could change, and the page the site answers with. */
    record State(Stored stored, Map<String, String> files, Map<String, String> tables, List<String> databasesAndUsers,
                 List<String> siteFolders, String page) {
    }

    private State state(DbType type, long siteId) throws Exception {
        Stored stored = stored(siteId);
        String domain = site(siteId).domain();
        Response page = get(domain, "/");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return new State(stored, SiteSnapshot.files(siteDirectory(siteId)), SiteSnapshot.tables(type, stored.database()),
                SiteSnapshot.databasesAndUsers(type, domain), siteFolders(siteId), page.body());
    }

    /** The site's database credentials as stored (the password decrypted: it is encrypted anew on every store). */
    record Stored(String database, String user, String password) {
    }

    private Stored stored(long siteId) {
        return jdbc.sql("SELECT db_name, db_user, db_password_enc FROM sites WHERE id = :id").param("id", siteId)
                .query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), secrets.decrypt(rs.getString(3))))
                .single();
    }

    private long backup(long siteId, String description) {
        queueWith(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup(description));
        return backups.listForSite(siteId).get(0).id();
    }

    private void queueWith(long siteId, SiteTaskType type, SiteTaskArgs args) {
        TaskSummary done = run(siteId, type, args);
        assertThat(done.status()).as(log(done)).isEqualTo(TaskStatus.SUCCESS);
    }

    /** What the site's users might do after the backup: new and changed files, a renamed site, a changed row. */
    private void change(DbType type, long siteId) throws Exception {
        Path files = siteDirectory(siteId).resolve("files");
        Files.writeString(files.resolve("added-later.txt"), "not in the backup\n");
        Files.writeString(files.resolve("welcome.txt"), "Changed after the backup.\n");
        String database = stored(siteId).database();
        String data = SiteSnapshot.query(type, database, "SELECT data FROM config WHERE name = 'system.site'");
        String renamed = data.replaceFirst("s:4:\"name\";s:\\d+:\"[^\"]*\";", "s:4:\"name\";s:7:\"Renamed\";");
        assertThat(renamed).isNotEqualTo(data);
        SiteSnapshot.execute(type, database, "UPDATE config SET data = ? WHERE name = 'system.site'", renamed);
        SiteSnapshot.execute(type, database, "UPDATE users SET name = 'changed' WHERE uid = 1");
    }

    /** The entries of the platform's sites/ folder (hidden ones included). */
    private List<String> siteFolders(long siteId) throws Exception {
        try (Stream<Path> entries = Files.list(siteDirectory(siteId).getParent())) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    enum Damage {
        FLIPPED_BYTES("The checksum does not match the record") {
            @Override
            void apply(Path archive) throws Exception {
                try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
                    for (long at = file.length() / 3; at < file.length() / 3 + 16; at++) {
                        file.seek(at);
                        int value = file.read();
                        file.seek(at);
                        file.write(value ^ 0x5a);
                    }
                }
            }
        },
        TRUNCATED("truncated") {
            @Override
            void apply(Path archive) throws Exception {
                try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
                    file.setLength(file.length() / 2);
                }
            }
        };

        final String reason;

        Damage(String reason) {
            this.reason = reason;
        }

        abstract void apply(Path archive) throws Exception;
    }
}
