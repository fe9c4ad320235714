package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers.springSecurity;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.platform.PlatformPackage;
import dev.bosun.platform.SitePackage;
import dev.bosun.server.DbType;
import dev.bosun.task.internal.StepFaults;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.BosunTest;
import dev.bosun.test.Browser;
import dev.bosun.test.RequiresProgram;
import org.hamcrest.Matchers;
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
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;

/**
 * The migrate task for real, on sites of the example platforms served by nginx: an upgrade to a newer platform
 * (MariaDB and PostgreSQL), a rename, a move of the database alone, and a failure after each step rolled back.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump", "mariadb|mysql", "pg_dump", "psql"})
class MigrateTests extends MovingSites {

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB", "POSTGRESQL"})
    void anUpgradeToANewerPlatformRunsTheUpdatesServesTheDataFromThereAndRemovesTheOldCopy(DbType type)
            throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long siteId = installedSite("upgrade", base, dbService(type));
        String domain = site(siteId).domain();
        Path oldDirectory = siteDirectory(siteId);
        Files.writeString(oldDirectory.resolve("files/uploaded.txt"), "uploaded before the migrate\n");
        hardenAsDrupalDoes(oldDirectory);
        Row before = row(siteId);
        SiteSnapshot.execute(type, before.database(), "UPDATE users SET name = 'kept-owner' WHERE uid = 1");
        int systemSchema = recordedSchema(siteId, "system");
        int targetSchema = platformSchema(newer, "system");
        assertThat(targetSchema).as("the newer platform has a later update of system").isGreaterThan(systemSchema);

        String log = succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, newer, null));

        Row after = row(siteId);
        assertThat(after.platformId()).isEqualTo(newer);
        assertThat(after.domain()).isEqualTo(domain);
        assertThat(after.database()).isNotEqualTo(before.database());
        assertThat(recordedSchema(siteId, "system")).as("the registry records the schema after updatedb")
                .isEqualTo(targetSchema);
        assertThat(recordedSchema(siteId, "bosun_demo")).isEqualTo(platformSchema(newer, "bosun_demo"));
        Response page = eventually(domain, response -> response.status() == 200 && response.body().contains("10.4.1"));
        assertThat(page.body()).contains("<td>system</td><td>" + targetSchema + "</td>");
        assertThat(SiteSnapshot.query(type, after.database(), "SELECT name FROM users WHERE uid = 1"))
                .isEqualTo("kept-owner");
        Path newDirectory = siteDirectory(siteId);
        assertThat(newDirectory).isNotEqualTo(oldDirectory);
        assertThat(newDirectory.resolve("files/uploaded.txt")).hasContent("uploaded before the migrate");
        assertThat(newDirectory.resolve("settings.php")).content().contains("'" + after.database() + "'");
        assertThat(oldDirectory).as("the old copy's directory").doesNotExist();
        assertThat(SiteSnapshot.databasesAndUsers(type, domain)).as("the old database and user are gone")
                .containsExactlyInAnyOrder("db " + after.database(), "user " + after.user());
        assertThat(backups.listForSite(siteId)).extracting(BackupInfo::description)
                .contains(BackupKind.PRE_MIGRATE.defaultDescription());
        assertThat(log).contains("Database updates done").contains(domain + " is migrated");
        assertFilesCopiedBeforeMaintenance(finished(siteId, "migrate"), domain);
    }

    @Test
    void theFilesAreCopiedWhileTheSiteServesAndARollbackAfterwardsRemovesTheCopy() throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long siteId = installedSite("precopy", base, dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        Files.writeString(siteDirectory(siteId).resolve("files/uploaded.txt"), "copied while serving\n");
        Path copy = Path.of(platforms.get(newer).docrootPath(), "sites", domain);
        SiteTaskArgs args = new SiteTaskArgs.Migrate(null, newer, null);
        Original before = original(siteId, domain, newer);
        java.util.concurrent.atomic.AtomicInteger statusDuringCopy = new java.util.concurrent.atomic.AtomicInteger();

        TaskSummary interrupted = interruptedAndRecovered(siteId, SiteTaskType.MIGRATE, args, "pre-copy", () -> {
            assertThat(copy.resolve("files/uploaded.txt")).as("the pre-copy is made")
                    .hasContent("copied while serving");
            statusDuringCopy.set(frontPageStatus(domain));
        });

        assertThat(statusDuringCopy.get()).as("the site serves (no 503) when its files have been copied").isEqualTo(200);
        assertThat(journal(interrupted.id())).as("nothing in maintenance before the copy").extracting(Journaled::kind)
                .contains("directory").doesNotContain("maintenance");
        assertRolledBackTruthfully(interrupted, "interrupted after the pre-copy");
        assertThat(copy).as("the pre-copied folder, after the interruption").doesNotExist();
        assertThat(original(siteId, domain, newer)).isEqualTo(before);

        for (String step : List.of("pre-copy", "file delta")) {
            faults.failAfter("migrate", step);
            TaskSummary failed;
            try {
                failed = run(siteId, SiteTaskType.MIGRATE, args);
            } finally {
                faults.clear();
            }
            assertThat(failed.status()).as(log(failed)).isEqualTo(TaskStatus.ERROR);
            assertRolledBackTruthfully(failed, "failed after " + step);
            assertThat(copy).as("the pre-copied folder, after a failure following " + step).doesNotExist();
            assertThat(row(siteId).platformId()).isEqualTo(base);
            assertThat(eventually(domain, response -> response.status() == 200).body()).as("serves from the old place")
                    .isEqualTo(before.page());
            assertThat(original(siteId, domain, newer)).isEqualTo(before);
        }
    }

    @Test
    void aRenameOnTheSamePlatformMovesTheFilesAndServesOnlyTheNewDomain() throws Exception {
        long base = examplePlatform("example-base");
        long siteId = installedSite("rename", base, dbService(DbType.MARIADB));
        String oldDomain = site(siteId).domain();
        String newDomain = uniqueDomain("renamed");
        Path oldDirectory = siteDirectory(siteId);
        Files.writeString(oldDirectory.resolve("files/uploaded.txt"), "moves with the site\n");
        eventually(oldDomain, response -> response.status() == 200);

        succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(newDomain, null, null));

        Row after = row(siteId);
        assertThat(after.domain()).isEqualTo(newDomain);
        assertThat(after.platformId()).isEqualTo(base);
        Path newDirectory = siteDirectory(siteId);
        assertThat(newDirectory.getFileName()).hasToString(newDomain);
        assertThat(newDirectory.resolve("files/uploaded.txt")).hasContent("moves with the site");
        assertThat(newDirectory.resolve("files/welcome.txt")).exists();
        assertThat(oldDirectory).doesNotExist();
        assertThat(eventually(newDomain, response -> response.status() == 200).body()).contains("sites/" + newDomain);
        String status = get(newDomain, "/bosun-example/status.json").body();
        assertThat(status).as("stored file paths rewritten").contains("sites/" + newDomain + "/files/welcome.txt")
                .doesNotContain("sites/" + oldDomain);
        assertThat(vhost(oldDomain)).as("no vhost for the old domain").doesNotExist();
        assertThat(vhost(newDomain)).exists();
        assertThat(aliasFile(oldDomain)).doesNotExist();
        assertThat(aliasFile(newDomain)).content().contains("http://" + newDomain);
        assertThat(eventually(oldDomain, response -> !response.body().contains("sites/" + oldDomain)).body())
                .doesNotContain("sites/" + newDomain);
        assertThat(SiteSnapshot.databasesAndUsers(DbType.MARIADB, oldDomain)).as("the old database and user are gone")
                .isEmpty();
    }

    @Test
    void aMoveOfTheDatabaseAloneKeepsTheSiteDirectoryAndDropsTheOldDatabase() throws Exception {
        long base = examplePlatform("example-base");
        long siteId = installedSite("dbmove", base, dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        Path directory = siteDirectory(siteId);
        hardenAsDrupalDoes(directory);
        Map<String, String> files = SiteSnapshot.files(directory, path -> path.equals("settings.php"));
        Row before = row(siteId);
        SiteSnapshot.execute(DbType.MARIADB, before.database(), "UPDATE users SET name = 'kept-owner' WHERE uid = 1");
        long second = secondMariadbService();

        String log = succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, null, second));

        Row after = row(siteId);
        assertThat(after.dbServiceId()).isEqualTo(second);
        assertThat(after.platformId()).isEqualTo(base);
        assertThat(after.database()).isNotEqualTo(before.database());
        assertThat(siteDirectory(siteId)).isEqualTo(directory);
        assertThat(SiteSnapshot.files(directory, path -> path.equals("settings.php")))
                .as("the site directory stays as it was").isEqualTo(files);
        assertThat(directory.resolve("settings.php")).content().contains("'" + after.database() + "'")
                .doesNotContain("'" + before.database() + "'");
        assertThat(SiteSnapshot.query(DbType.MARIADB, after.database(), "SELECT name FROM users WHERE uid = 1"))
                .isEqualTo("kept-owner");
        assertThat(eventually(domain, response -> response.status() == 200).body()).contains("sites/" + domain);
        assertThat(SiteSnapshot.databasesAndUsers(DbType.MARIADB, domain))
                .containsExactlyInAnyOrder("db " + after.database(), "user " + after.user());
        assertThat(log).contains("only the database moves").doesNotContain("Directory " + directory + " removed");
    }

    /** What a failed migrate must leave as it found it, on both sides. */
    enum Scenario {
        NEWER_PLATFORM, NEW_DOMAIN_AND_DB_SERVER, DATABASE_ONLY
    }

    @ParameterizedTest
    @EnumSource(Scenario.class)
    void aFailureAfterAnyStepUpToMaintenanceOffLeavesTheSiteAsItWas(Scenario scenario) throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long siteId = installedSite("rollback", base, dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        String newDomain = uniqueDomain("target");
        SiteTaskArgs args = switch (scenario) {
            case NEWER_PLATFORM -> new SiteTaskArgs.Migrate(null, newer, null);
            case NEW_DOMAIN_AND_DB_SERVER -> new SiteTaskArgs.Migrate(newDomain, null, secondMariadbService());
            case DATABASE_ONLY -> new SiteTaskArgs.Migrate(null, null, secondMariadbService());
        };
        Original before = original(siteId, newDomain, newer);

        for (String step : STEPS) {
            faults.failAfter("migrate", step);
            TaskSummary migrate;
            try {
                migrate = run(siteId, SiteTaskType.MIGRATE, args);
            } finally {
                faults.clear();
            }
            String log = log(migrate);
            assertThat(migrate.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertRolledBackTruthfully(migrate, step);
            assertThat(log).as(step).contains("Injected failure after step '" + step + "'")
                    .doesNotContain("Undo of step").doesNotContain("old copy");
            String firstChange = scenario == Scenario.DATABASE_ONLY ? "maintenance on" : "pre-copy";
            assertThat(log.contains("Rolling back")).as(step + ": a change stands to be rolled back")
                    .isEqualTo(STEPS.indexOf(step) >= STEPS.indexOf(firstChange));
            assertThat(eventually(domain, response -> response.status() == 200).body()).as(step)
                    .isEqualTo(before.page());
            assertThat(original(siteId, newDomain, newer)).as("after a failure following '" + step + "'\n" + log)
                    .isEqualTo(before);
        }
        assertThat(backups.listForSite(siteId)).as("the pre-migrate backups are kept")
                .filteredOn(backup -> backup.description().equals(BackupKind.PRE_MIGRATE.defaultDescription()))
                .hasSize(STEPS.size() - STEPS.indexOf("backup"));
    }

    @Test
    void anInterruptionAfterAnyStepIsRolledBackFromTheJournalByTheRecoveringNodeAndARetryThenMigrates()
            throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long siteId = installedSite("interrupted", base, dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        String newDomain = uniqueDomain("moved");
        SiteTaskArgs args = new SiteTaskArgs.Migrate(newDomain, newer, secondMariadbService());
        Original before = original(siteId, newDomain, newer);

        TaskSummary last = null;
        for (String step : STEPS) {
            last = interruptedAndRecovered(siteId, SiteTaskType.MIGRATE, args, step);
            String log = log(last);
            assertThat(last.status()).as(step + ": " + log).isEqualTo(TaskStatus.ERROR);
            assertThat(outcome(last.id())).isEqualTo("interrupted");
            assertThat(log).as(step).contains("Interrupted: node node-gone stopped while step '" + step
                    + "' was running.").doesNotContain("old copy");
            assertRolledBackTruthfully(last, step);
            assertThat(eventually(domain, response -> response.status() == 200).body()).as(step + " serves, "
                    + "out of maintenance").isEqualTo(before.page());
            assertThat(original(siteId, newDomain, newer)).as("after an interruption following '" + step + "'\n"
                    + log).isEqualTo(before);
        }
        assertThat(journal(last.id())).extracting(Journaled::kind).contains("maintenance", "placement", "database",
                "directory", "drush alias", "vhost", "packages");

        TaskSummary retried = finishedTask(taskService.retry(last.id()).task().id());

        assertThat(retried.status()).as(log(retried)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(row(siteId).domain()).isEqualTo(newDomain);
        assertThat(row(siteId).platformId()).isEqualTo(newer);
        assertThat(eventually(newDomain, response -> response.status() == 200).body()).contains("10.4.1");
    }

    @Test
    void anInterruptionAfterThePointOfNoReturnIsCarriedForwardToTheTarget() throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long siteId = installedSite("forward", base, dbService(DbType.MARIADB));
        String domain = site(siteId).domain();
        Path oldDirectory = siteDirectory(siteId);
        Row before = row(siteId);

        TaskSummary migrate = interruptedAndRecovered(siteId, SiteTaskType.MIGRATE,
                new SiteTaskArgs.Migrate(null, newer, null), StepFaults.POINT_OF_NO_RETURN);

        String log = log(migrate);
        assertThat(migrate.status()).as(log).isEqualTo(TaskStatus.WARNING);
        assertThat(outcome(migrate.id())).isEqualTo("interrupted; carried forward");
        assertThat(log).contains("The task had passed its point of no return.")
                .contains("Carrying the task forward").contains(domain + " is out of maintenance")
                .doesNotContain("Undid").doesNotContain("ERROR");
        Row after = row(siteId);
        assertThat(after.platformId()).isEqualTo(newer);
        assertThat(oldDirectory).as("the old copy's directory").doesNotExist();
        assertThat(SiteSnapshot.databasesAndUsers(DbType.MARIADB, domain)).as("the old database and user are gone")
                .containsExactlyInAnyOrder("db " + after.database(), "user " + after.user())
                .doesNotContain("db " + before.database());
        assertThat(eventually(domain, response -> response.status() == 200).body()).contains("10.4.1");
        assertThat(journal(migrate.id())).extracting(Journaled::status).doesNotContain("UNDONE", "UNDO_FAILED");
    }

    @Test
    void aMigrateAndABackupOfOneSiteRunOneAfterTheOther() throws Exception {
        long siteId = installedSite("serial", examplePlatform("example-base"), dbService(DbType.MARIADB));
        String newDomain = uniqueDomain("serialized");

        var migrate = siteTasks.queue(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(newDomain, null, null),
                ClientScope.ALL, "admin");
        var backup = siteTasks.queue(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("queued during the migrate"),
                ClientScope.ALL, "admin");
        TaskSummary migrated = finishedTask(migrate.task().id());
        TaskSummary backedUp = finishedTask(backup.task().id());

        assertThat(migrated.status()).as(log(migrated)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(backedUp.status()).as(log(backedUp)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(backedUp.startedAt()).as("the backup waits until the migrate has ended")
                .isAfterOrEqualTo(migrated.finishedAt());
        BackupInfo archive = backups.listForSite(siteId).get(0);
        assertThat(archive.description()).isEqualTo("queued during the migrate");
        assertThat(archive.fileName()).as("the backup is of the migrated site").startsWith(newDomain + "-");
    }

    @Test
    void aPlatformWithAComparisonErrorIsRefusedByTheDialogAndTheApi() throws Exception {
        long base = examplePlatform("example-base");
        long older = examplePlatform("example-older-schema");
        long siteId = installedSite("refused", base, dbService(DbType.MARIADB));
        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).apply(springSecurity()).build();
        long tasksBefore = siteTasks.history(siteId, 0).total();

        mvc.perform(post("/api/v1/sites/{id}/tasks", siteId).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"migrate\",\"args\":{\"platformId\":" + older + "}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("platformId"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("older schema")));
        mvc.perform(post("/sites/{id}/dialogs/migrate", siteId).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", site(siteId).domain()).param("platformId", Long.toString(older))
                        .param("dbServerId", Long.toString(site(siteId).dbServiceId())))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("HX-Redirect"))
                .andExpect(content().string(Matchers.containsString("cannot take " + site(siteId).domain())))
                .andExpect(content().string(Matchers.containsString("older schema")));
        assertThat(siteTasks.history(siteId, 0).total()).as("nothing queued").isEqualTo(tasksBefore);
    }

    @LocalServerPort
    int port;

    @Test
    @RequiresProgram({"chromium", "chromedriver"})
    void inTheBrowserTheDialogShowsTheCountsTheCompareLinkAndTheErrorPlatformDisabled() throws Exception {
        long base = examplePlatform("example-base");
        long newer = examplePlatform("example-newer");
        long older = examplePlatform("example-older-schema");
        long siteId = installedSite("dialog", base, dbService(DbType.MARIADB));
        MigrationTarget upgrade = comparison.targets(siteId, ClientScope.ALL).stream()
                .filter(target -> target.platformId() == newer).findFirst().orElseThrow();
        assertThat(upgrade.upgrades()).isPositive();
        WebDriver driver = Browser.start();
        try {
            login(driver);
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            driver.get("http://localhost:" + port + "/sites/" + siteId);
            wait.until(ExpectedConditions.elementToBeClickable(By.id("task-migrate"))).click();
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("migrate-form")));

            WebElement errorPlatform = driver.findElement(By.id("migrate-platform-" + older));
            assertThat(errorPlatform.isEnabled()).isFalse();
            assertThat(label(driver, older)).contains("cannot be chosen").contains("older schema")
                    .containsPattern("[1-9]\\d* errors?");
            assertThat(driver.findElement(By.id("migrate-platform-" + newer)).isEnabled()).isTrue();
            assertThat(label(driver, newer)).contains(upgrade.upgrades() + (upgrade.upgrades() == 1 ? " upgrade" : " upgrades"))
                    .contains(upgrade.warnings() + (upgrade.warnings() == 1 ? " warning" : " warnings"))
                    .contains("0 errors");
            assertThat(driver.findElement(By.id("migrate-platform-" + base)).isSelected()).as("the current platform first")
                    .isTrue();
            assertThat(driver.findElement(By.id("migrate-compare")).getAttribute("href"))
                    .endsWith("/platforms/compare?site=" + siteId);
            Browser.screenshot(driver, "migrate-dialog");

            driver.findElement(By.cssSelector("label[for=migrate-platform-" + newer + "]")).click();
            driver.findElement(By.id("confirm-migrate")).click();
            wait.until(ExpectedConditions.urlContains("/sites/" + siteId + "?queued="));
        } catch (RuntimeException | AssertionError failed) {
            Browser.screenshot(driver, "migrate-browser-failure");
            throw failed;
        } finally {
            driver.quit();
        }
        TaskSummary migrate = finished(siteId, "migrate");
        assertThat(migrate.status()).as(log(migrate)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(site(siteId).platformId()).isEqualTo(newer);
    }

    static final List<String> STEPS = List.of("backup", "pre-copy", "maintenance on", "metadata", "database",
            "file delta", "updatedb", "file paths", "cache rebuild", "verify", "maintenance off");

    @Autowired
    StepFaults faults;
    @Autowired
    PlatformComparison comparison;
    @Autowired
    WebApplicationContext context;

    /**
     * Everything a migrate could change, on the original's side and the target's: the site's row and
     * recorded packages, its files and table data, databases and users of both domains, the target
     * platform's site folders, vhost and alias files of both domains, and the page the site answers with.
     */
    record Original(Row row, List<SitePackage> packages, Map<String, String> files, Map<String, String> tables,
                    List<String> databasesAndUsers, List<String> targetDatabasesAndUsers, List<String> targetFolders,
                    List<String> baseFolders, String vhost, boolean targetVhost, String alias, boolean targetAlias,
                    String page) {
    }

    private Original original(long siteId, String newDomain, long newer) throws Exception {
        Row row = row(siteId);
        Response page = get(row.domain(), "/");
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        return new Original(row, recordedPackages(siteId), SiteSnapshot.files(siteDirectory(siteId)),
                SiteSnapshot.tables(DbType.MARIADB, row.database()),
                SiteSnapshot.databasesAndUsers(DbType.MARIADB, row.domain()),
                SiteSnapshot.databasesAndUsers(DbType.MARIADB, newDomain), siteFolders(newer),
                siteFolders(row.platformId()), Files.readString(vhost(row.domain())), Files.exists(vhost(newDomain)),
                Files.readString(aliasFile(row.domain())), Files.exists(aliasFile(newDomain)), page.body());
    }

    /**
     * The files went to the target before the site went into maintenance: the task's steps and its log have the
     * pre-copy before "maintenance on", and in maintenance only the database, the file delta and the switch.
     */
    private void assertFilesCopiedBeforeMaintenance(TaskSummary migrate, String domain) {
        List<String> steps = tasks.find(migrate.id(), null).orElseThrow().steps().stream()
                .map(dev.bosun.task.TaskStep::name).toList();
        assertThat(steps).containsSubsequence("backup", "pre-copy", "maintenance on", "database", "file delta",
                "maintenance off").doesNotContain("deploy");
        String log = log(migrate);
        assertThat(log.indexOf("Files copied to")).as("the copy is logged\n" + log).isNotNegative()
                .isLessThan(log.indexOf(domain + " is in maintenance"));
        assertThat(log).contains("served, out of maintenance").contains("Files changed since the pre-copy synced")
                .containsPattern("Site was in maintenance for \\d+\\.\\d s");
    }

    private static int frontPageStatus(String domain) {
        try {
            return get(domain, "/").status();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Drupal's installer leaves the site directory 0555 and settings.php 0444, and backups keep those modes.
     * (Run as root, the modes stop no write; the layout is Drupal's all the same.)
     */
    private static void hardenAsDrupalDoes(Path siteDirectory) throws Exception {
        Files.setPosixFilePermissions(siteDirectory.resolve("settings.php"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(siteDirectory, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    private static String label(WebDriver driver, long platformId) {
        return driver.findElement(By.cssSelector("label[for=migrate-platform-" + platformId + "]")).getText();
    }

    private void login(WebDriver driver) {
        Browser.signInAsAdmin(driver, "http://localhost:" + port);
    }

    private int platformSchema(long platformId, String name) {
        return packages.platformPackages(platformId).stream().filter(p -> p.name().equals(name))
                .map(PlatformPackage::schemaVersion).findFirst().orElseThrow();
    }
}
