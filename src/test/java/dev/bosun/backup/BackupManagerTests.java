package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.sql.Timestamp;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.settings.Feature;
import dev.bosun.site.ScheduledBackups;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class BackupManagerTests {

    static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");

    @Autowired
    BackupManagerService manager;

    @Autowired
    ScheduledBackups scheduledBackups;

    @Autowired
    SettingsService settings;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    TaskQueries taskQueries;

    @Autowired
    Scheduler scheduler;

    BackupFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new BackupFixtures(jdbc);
    }

    @AfterEach
    void reset() {
        settings.setFeature(Feature.BACKUP_MANAGER, false);
        fixtures.cleanUp();
        manager.updateSettings(BackupManagerSettings.DEFAULT);
        manager.updateArchiveSettings(ArchiveSettings.DEFAULT);
        manager.retentionRules().forEach(rule -> manager.deleteRetentionRule(rule.id()));
    }

    @Test
    void settingsStartAtAegirsDefaultsAndAreStored() {
        assertThat(manager.settings()).isEqualTo(BackupManagerSettings.DEFAULT);
        assertThat(manager.archiveSettings()).isEqualTo(ArchiveSettings.DEFAULT);

        BackupManagerSettings changed = new BackupManagerSettings(new BackupSchedule(false, Duration.ofHours(6)),
                new BackupWindow(LocalTime.of(22, 0), LocalTime.of(4, 0), EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY)),
                ZoneId.of("Europe/Berlin"), true);
        manager.updateSettings(changed);
        manager.updateArchiveSettings(new ArchiveSettings(3, 2));

        assertThat(manager.settings()).isEqualTo(changed);
        assertThat(manager.archiveSettings()).isEqualTo(new ArchiveSettings(3, 2));
    }

    @Test
    void dueAreEnabledSitesWhoseIntervalPassedSinceTheirLastBackupOrAttempt() {
        long never = fixtures.site("never.example.com", "ENABLED");
        long recent = fixtures.site("recent.example.com", "ENABLED");
        fixtures.backupRecord(recent, NOW.minus(Duration.ofHours(3)), BackupKind.REQUESTED);
        long old = fixtures.site("old.example.com", "ENABLED");
        fixtures.backupRecord(old, NOW.minus(Duration.ofHours(25)), BackupKind.AUTOMATED);
        long failedRecently = fixtures.site("failed.example.com", "ENABLED");
        fixtures.task(failedRecently, "backup", "ERROR", NOW.minus(Duration.ofHours(2)));
        long running = fixtures.site("running.example.com", "ENABLED");
        fixtures.task(running, "backup", "PROCESSING", NOW.minus(Duration.ofDays(3)));
        long disabled = fixtures.site("disabled.example.com", "DISABLED");
        long optedOut = fixtures.site("optout.example.com", "ENABLED");
        manager.setSiteSchedule(optedOut, false, null);
        long hourly = fixtures.site("hourly.example.com", "ENABLED");
        fixtures.backupRecord(hourly, NOW.minus(Duration.ofMinutes(61)), BackupKind.AUTOMATED);
        manager.setSiteSchedule("hourly.example.com", true, Duration.ofHours(1));

        // Other test classes of this panel leave sites of their own: only this test's sites are judged here.
        List<Long> mine = List.of(never, recent, old, failedRecently, running, disabled, optedOut, hourly);
        List<DueBackup> due = manager.dueBackups(NOW).stream().filter(backup -> mine.contains(backup.siteId())).toList();

        assertThat(due).extracting(DueBackup::siteId).containsExactly(never, old, hourly);
        assertThat(due.get(0).last()).isNull();
        assertThat(due).extracting(DueBackup::siteId).doesNotContain(recent, failedRecently, running, disabled, optedOut);
        assertThat(manager.siteSchedules(0).items()).extracting(SiteSchedule::domain)
                .containsExactly("hourly.example.com", "optout.example.com");

        manager.updateSettings(new BackupManagerSettings(new BackupSchedule(false, Duration.ofDays(1)),
                BackupWindow.ALWAYS, ZoneId.of("UTC"), false));
        assertThat(manager.dueBackups(NOW)).extracting(DueBackup::siteId).containsExactly(hourly);
    }

    @Test
    void outsideTheWindowNothingIsDueAndThePlanNamesTheNextOpening() {
        fixtures.site("window.example.com", "ENABLED");
        manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT,
                new BackupWindow(LocalTime.of(2, 0), LocalTime.of(5, 0), EnumSet.allOf(DayOfWeek.class)),
                ZoneId.of("Europe/Berlin"), false));

        BackupPlan plan = manager.plan(NOW);

        assertThat(plan.windowOpen()).isFalse();
        assertThat(plan.due()).isEmpty();
        assertThat(plan.nextWindowOpening()).isEqualTo(Instant.parse("2025-11-27T01:00:00Z"));
        assertThat(manager.plan(Instant.parse("2025-11-27T01:30:00Z")).due()).isNotEmpty();
    }

    @Test
    void retentionDeletesFromTheRecordsOnlyWhenSwitchedOn() {
        long site = fixtures.site("retention.example.com", "ENABLED");
        for (int day = 1; day <= 4; day++) {
            fixtures.backupRecord(site, NOW.minus(Duration.ofDays(day)), BackupKind.AUTOMATED);
            fixtures.backupRecord(site, NOW.minus(Duration.ofDays(day)).minus(Duration.ofHours(1)), BackupKind.AUTOMATED);
        }
        long deleted = fixtures.site("gone.example.com", "DELETED");
        fixtures.backupRecord(deleted, NOW.minus(Duration.ofDays(40)), BackupKind.PRE_DELETE);
        fixtures.backupRecord(deleted, NOW.minus(Duration.ofDays(41)), BackupKind.AUTOMATED);
        manager.addRetentionRule(new RetentionRule(null, 1, RetentionUnit.HOURS, 1, RetentionUnit.YEARS,
                RetentionRule.Scope.ALL));

        assertThat(manager.retentionDeletions(NOW)).isEmpty();
        manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT, BackupWindow.ALWAYS,
                ZoneId.of("UTC"), true));

        Map<Long, List<Long>> deletions = manager.retentionDeletions(NOW);
        assertThat(deletions.get(site)).hasSize(7);
        assertThat(deletions.get(deleted)).hasSize(1);
        assertThat(manager.plan(NOW).deletionCount()).isEqualTo(8);
    }

    @Test
    void theScheduledRunDoesNothingWhileTheFeatureIsOff() throws Exception {
        long site = fixtures.site("feature.example.com", "ENABLED");

        assertThat(scheduledBackups.runScheduled()).isEmpty();
        assertThat(tasksOf(site)).isEmpty();
        settings.setFeature(Feature.BACKUP_MANAGER, true);
        scheduler.triggerJob(JobKey.jobKey("backup-manager", "backup"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !tasksOf(site).isEmpty());
        assertThat(tasksOf(site)).extracting(TaskRow::type, TaskRow::requestedBy)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("backup", "backup manager"));
    }

    @Test
    void theScheduledRunQueuesTheDueBackupsAndTheRetentionDeletionsOnce() {
        Instant now = Instant.now();
        long never = fixtures.site("never.example.com", "ENABLED");
        long old = fixtures.site("old.example.com", "ENABLED");
        fixtures.backupRecord(old, now.minus(Duration.ofHours(25)), BackupKind.AUTOMATED);
        long recent = fixtures.site("recent.example.com", "ENABLED");
        fixtures.backupRecord(recent, now.minus(Duration.ofHours(3)), BackupKind.REQUESTED);
        long disabled = fixtures.site("disabled.example.com", "DISABLED");
        long deleting = fixtures.site("deleting.example.com", "ENABLED");
        fixtures.task(deleting, "delete", "PROCESSING", now.minus(Duration.ofMinutes(5)));
        long kept = fixtures.site("kept.example.com", "ENABLED");
        manager.setSiteSchedule(kept, false, null);
        // Three backups within one UTC day, older than the rule's hour: the two older ones go.
        Instant evening = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(6));
        long oldest = fixtures.backupRecord(kept, evening.minus(Duration.ofHours(2)), BackupKind.AUTOMATED);
        long older = fixtures.backupRecord(kept, evening.minus(Duration.ofHours(1)), BackupKind.REQUESTED);
        long newest = fixtures.backupRecord(kept, evening, BackupKind.AUTOMATED);
        manager.addRetentionRule(new RetentionRule(null, 1, RetentionUnit.HOURS, 1, RetentionUnit.DAYS,
                RetentionRule.Scope.ALL));
        manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT, BackupWindow.ALWAYS,
                ZoneId.of("UTC"), true));
        settings.setFeature(Feature.BACKUP_MANAGER, true);

        scheduledBackups.runScheduled();
        scheduledBackups.runScheduled();

        for (long site : List.of(never, old)) {
            assertThat(tasksOf(site)).singleElement().satisfies(task -> {
                assertThat(task.type()).isEqualTo("backup");
                assertThat(task.requestedBy()).isEqualTo("backup manager");
                assertThat(task.args()).contains("\"description\":\"Automated backup\"")
                        .contains("\"kind\":\"automated\"");
            });
        }
        assertThat(tasksOf(recent)).isEmpty();
        assertThat(tasksOf(disabled)).isEmpty();
        assertThat(tasksOf(deleting)).extracting(TaskRow::type).containsExactly("delete");
        assertThat(tasksOf(kept)).singleElement().satisfies(task -> {
            assertThat(task.type()).isEqualTo("backup-delete");
            assertThat(task.requestedBy()).isEqualTo("backup manager");
            assertThat(task.args()).isEqualTo("{\"backupIds\":[" + oldest + "," + older + "]}");
        });
        // Sites other test classes left in the shared database may come due: only this test's sites count.
        List<Long> mine = List.of(never, old, recent, disabled, deleting, kept);
        assertThat(scheduledBackups.runScheduled()).hasValueSatisfying(run -> assertThat(
                java.util.stream.Stream.concat(run.backups().stream(), run.deletions().stream())
                        .filter(QueuedTask::created).map(queued -> queued.task().targetId()))
                .as("a third run queues nothing for these sites; their tasks: %s", allTasks(mine))
                .doesNotContainAnyElementsOf(mine));

        await().atMost(Duration.ofMinutes(1)).until(() -> tasksOf(never).get(0).status().isFinished()
                && tasksOf(kept).get(0).status().isFinished());
        assertThat(tasksOf(never).get(0).status()).as("a scheduled backup that fails is an error")
                .isEqualTo(TaskStatus.ERROR);
        assertThat(taskQueries.queueOverview(50, null).recent())
                .anySatisfy(task -> {
                    assertThat(task.id()).isEqualTo(tasksOf(never).get(0).id());
                    assertThat(task.status()).isEqualTo(TaskStatus.ERROR);
                });
        assertThat(tasksOf(kept).get(0).status()).as("the files were never there: warnings")
                .isEqualTo(TaskStatus.WARNING);
        assertThat(jdbc.sql("SELECT id FROM backups WHERE site_id = :site").param("site", kept).query(Long.class).list())
                .containsExactly(newest);
    }

    @Test
    void outsideTheWindowTheRunQueuesRetentionDeletionsButNoBackup() {
        Instant now = Instant.now();
        long site = fixtures.site("closed.example.com", "ENABLED");
        Instant evening = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(30));
        long doomed = fixtures.backupRecord(site, evening.minus(Duration.ofHours(1)), BackupKind.AUTOMATED);
        fixtures.backupRecord(site, evening, BackupKind.AUTOMATED);
        manager.addRetentionRule(new RetentionRule(null, 1, RetentionUnit.HOURS, 1, RetentionUnit.DAYS,
                RetentionRule.Scope.AUTOMATED));
        DayOfWeek today = now.atZone(ZoneId.of("UTC")).getDayOfWeek();
        EnumSet<DayOfWeek> otherDays = EnumSet.complementOf(EnumSet.of(today));
        manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT,
                new BackupWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, otherDays), ZoneId.of("UTC"), true));
        settings.setFeature(Feature.BACKUP_MANAGER, true);

        assertThat(manager.dueBackups(now)).extracting(DueBackup::siteId).contains(site);
        scheduledBackups.runScheduled();

        assertThat(tasksOf(site)).singleElement().satisfies(task -> {
            assertThat(task.type()).isEqualTo("backup-delete");
            assertThat(task.args()).isEqualTo("{\"backupIds\":[" + doomed + "]}");
        });
    }

    @Test
    void aBackupThatAnOpenRestoreOrBackupDeleteNamesIsNotDeletedByRetention() {
        Instant now = Instant.now();
        long site = fixtures.site("restoring.example.com", "ENABLED");
        manager.setSiteSchedule(site, false, null);
        Instant evening = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(6));
        long named = fixtures.backupRecord(site, evening.minus(Duration.ofHours(2)), BackupKind.AUTOMATED);
        long other = fixtures.backupRecord(site, evening.minus(Duration.ofHours(1)), BackupKind.AUTOMATED);
        fixtures.backupRecord(site, evening, BackupKind.AUTOMATED);
        manager.addRetentionRule(new RetentionRule(null, 1, RetentionUnit.HOURS, 1, RetentionUnit.DAYS,
                RetentionRule.Scope.ALL));
        manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT, BackupWindow.ALWAYS,
                ZoneId.of("UTC"), true));
        assertThat(manager.retentionDeletions(now).get(site)).containsExactly(named, other);

        jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, site_id, status, args)
                VALUES ('restore', 'SITE', :site, :site, 'PROCESSING', :args)""")
                .param("site", site).param("args", "{\"backupId\":" + named + "}").update();

        assertThat(manager.retentionDeletions(now).get(site)).containsExactly(other);

        // The restore ended; a backup-delete still open for the other one: a run while it ends does not queue
        // its backups again.
        jdbc.sql("UPDATE tasks SET status = 'ERROR', finished_at = now() WHERE site_id = :site AND type = 'restore'")
                .param("site", site).update();
        jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, site_id, status, args)
                VALUES ('backup-delete', 'SITE', :site, :site, 'PROCESSING', :args)""")
                .param("site", site).param("args", "{\"backupIds\":[" + other + "]}").update();

        assertThat(manager.retentionDeletions(now).get(site)).containsExactly(named);
    }

    @Test
    void aSiteWhoseRetentionDeleteFailedIsLeftAloneForAnHour() {
        Instant now = Instant.now();
        long site = fixtures.site("undeletable.example.com", "ENABLED");
        Instant evening = now.truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(6));
        fixtures.backupRecord(site, evening.minus(Duration.ofHours(1)), BackupKind.AUTOMATED);
        fixtures.backupRecord(site, evening, BackupKind.AUTOMATED);
        manager.addRetentionRule(new RetentionRule(null, 1, RetentionUnit.HOURS, 1, RetentionUnit.DAYS,
                RetentionRule.Scope.ALL));
        manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT, BackupWindow.ALWAYS,
                ZoneId.of("UTC"), true));
        jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, site_id, status, requested_by, finished_at)
                VALUES ('backup-delete', 'SITE', :site, :site, 'ERROR', 'backup manager', :at)""")
                .param("site", site).param("at", Timestamp.from(now.minus(Duration.ofMinutes(59)))).update();

        assertThat(manager.retentionDeletions(now)).doesNotContainKey(site);
        assertThat(manager.retentionDeletions(now.plus(Duration.ofMinutes(2)))).containsKey(site);
    }

    record TaskRow(long id, String type, TaskStatus status, String requestedBy, String args) {
    }

    private Map<Long, List<TaskRow>> allTasks(List<Long> sites) {
        Map<Long, List<TaskRow>> tasks = new java.util.LinkedHashMap<>();
        for (long site : sites) {
            tasks.put(site, tasksOf(site));
        }
        return tasks;
    }

    List<TaskRow> tasksOf(long site) {
        return jdbc.sql("SELECT id, type, status, requested_by, args FROM tasks WHERE site_id = :site ORDER BY id")
                .param("site", site)
                .query((rs, n) -> new TaskRow(rs.getLong(1), rs.getString(2), TaskStatus.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5)))
                .list();
    }

    @Test
    void theJobIsStoredInTheClusteredJobStoreWithATriggerEveryMinute() {
        assertThat(jdbc.sql("SELECT job_class_name FROM qrtz_job_details WHERE job_name = 'backup-manager' AND job_group = 'backup'")
                .query(String.class).single()).isEqualTo("dev.bosun.site.internal.BackupManagerJob");
        assertThat(jdbc.sql("""
                SELECT repeat_interval FROM qrtz_simple_triggers
                WHERE trigger_name = 'backup-manager' AND trigger_group = 'backup'""")
                .query(Long.class).single()).isEqualTo(60_000L);
    }

    @Test
    void aScheduleForAnUnknownSiteIsRefused() {
        assertThatThrownBy(() -> manager.setSiteSchedule("nowhere.example.com", true, Duration.ofHours(1)))
                .isInstanceOf(InvalidInputException.class).hasMessage("There is no site nowhere.example.com.");
    }

    @Test
    void theAdminPageSaysTheManagerIsOffUntilTheFeatureIsOn() throws Exception {
        mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The Backup manager is off")))
                .andExpect(content().string(containsString("Compression level")))
                .andExpect(content().string(not(containsString("Retention rules"))));

        settings.setFeature(Feature.BACKUP_MANAGER, true);
        mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(not(containsString("The Backup manager is off"))))
                .andExpect(content().string(containsString("Retention rules")))
                .andExpect(content().string(containsString("The backup window is open.")));
    }

    @Test
    void theAdminPageShowsTheManagersLatestCheckAndWhetherTheSettingsChangedSince() throws Exception {
        JobKey job = JobKey.jobKey("backup-manager", "backup");
        scheduler.pauseJob(job);
        try {
            jdbc.sql("DELETE FROM backup_manager_checks").update();
            settings.setFeature(Feature.BACKUP_MANAGER, true);
            mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                    .andExpect(content().string(containsString("The manager has not checked the sites yet")));

            long due = fixtures.site("checked.example.com", "ENABLED");
            ScheduledRun run = scheduledBackups.runScheduled().orElseThrow();

            assertThat(run.plan().due()).extracting(DueBackup::siteId).contains(due);
            long queued = run.backups().stream().filter(QueuedTask::created).count();
            ManagerCheck check = manager.lastCheck().orElseThrow();
            assertThat(check.checkedAt()).as("stored in microseconds").isCloseTo(run.plan().at(), org.assertj.core.api.Assertions.within(1, ChronoUnit.MILLIS));
            assertThat(check.finishedAt()).isAfterOrEqualTo(check.checkedAt());
            assertThat(check.windowOpen()).isTrue();
            assertThat(check.dueSites()).isEqualTo(run.plan().due().size());
            assertThat(check.backupsQueued()).isEqualTo((int) queued).isPositive();
            assertThat(check.settingsChangedSince()).isFalse();
            mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                    .andExpect(content().string(containsString("datetime=\"" + check.checkedAt() + "\"")))
                    .andExpect(content().string(containsString(check.dueSites() + " site(s) due for a scheduled backup: "
                            + queued + " backup task(s) queued")))
                    .andExpect(content().string(containsString("Retention is off")))
                    .andExpect(content().string(not(containsString("The settings changed after this check"))));

            mvc.perform(post("/admin/backups/manager").with(user("admin").roles("ADMIN")).with(csrf())
                            .param("scheduleEnabled", "true").param("intervalHours", "12")
                            .param("windowStart", "00:00").param("windowEnd", "00:00")
                            .param("windowDays", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
                                    "SUNDAY")
                            .param("timeZone", "UTC").param("retentionEnabled", "true"))
                    .andExpect(status().is3xxRedirection());
            assertThat(manager.lastCheck()).hasValueSatisfying(after -> assertThat(after.settingsChangedSince()).isTrue());
            mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                    .andExpect(content().string(containsString("The settings changed after this check")))
                    .andExpect(content().string(containsString(" backup(s) past the retention rules.")));

            scheduledBackups.runScheduled();
            assertThat(manager.lastCheck()).hasValueSatisfying(after -> {
                assertThat(after.checkedAt()).isAfter(check.checkedAt());
                assertThat(after.settingsChangedSince()).isFalse();
                assertThat(after.dueSites()).as("the due site's backup is queued: it is no longer due")
                        .isLessThan(check.dueSites());
            });
            manager.addRetentionRule(new RetentionRule(null, 1, RetentionUnit.WEEKS, 1, RetentionUnit.WEEKS,
                    RetentionRule.Scope.ALL));
            assertThat(manager.lastCheck()).hasValueSatisfying(after -> assertThat(after.settingsChangedSince()).isTrue());
            scheduledBackups.runScheduled();
            manager.setSiteSchedule(due, false, null);
            assertThat(manager.lastCheck()).hasValueSatisfying(after -> assertThat(after.settingsChangedSince()).isTrue());
        } finally {
            scheduler.resumeJob(job);
        }
    }

    @Test
    void theAdminPageReadsTheStoredCheckAndWorksOutNoPlan() throws Exception {
        JobKey job = JobKey.jobKey("backup-manager", "backup");
        scheduler.pauseJob(job);
        try {
            settings.setFeature(Feature.BACKUP_MANAGER, true);
            // The window's time zone, in which the page gives its times (+05:30: no machine's own zone by chance).
            manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT, BackupWindow.ALWAYS,
                    ZoneId.of("Asia/Kolkata"), true));
            // Figures no plan of this database would give: the page can only have them from the stored check.
            jdbc.sql("""
                    INSERT INTO backup_manager_checks (id, checked_at, finished_at, window_open, next_window_opening,
                        due_sites, backups_queued, retention_sites, backups_past_retention, deletions_queued)
                    VALUES (1, '2026-01-01 00:00:00+00', '2026-01-01 00:00:02+00', true, NULL, 4321, 4000, 77,
                        654, 70)
                    ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at, finished_at = EXCLUDED.finished_at,
                        window_open = true, due_sites = 4321, backups_queued = 4000, retention_sites = 77,
                        backups_past_retention = 654, deletions_queued = 70""").update();

            mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                    .andExpect(content().string(containsString(">2026-01-01 05:30:00 Asia/Kolkata</time>")))
                    .andExpect(content().string(containsString(", in 2.00 s:")))
                    .andExpect(content().string(containsString("4321 site(s) due for a scheduled backup: 4000 backup "
                            + "task(s) queued, the others were open already.")))
                    .andExpect(content().string(containsString("654 backup(s) past the retention rules, of 77 site(s): "
                            + "70 backup-delete task(s) queued, the others were open already.")));

            jdbc.sql("""
                    UPDATE backup_manager_checks SET window_open = false, next_window_opening = now() + interval '1 hour'
                    """).update();
            // A window on the day after tomorrow (in its zone): closed now, opening then.
            java.time.LocalDate dayAfterTomorrow = java.time.LocalDate.now(ZoneId.of("Asia/Kolkata")).plusDays(2);
            manager.updateSettings(new BackupManagerSettings(BackupSchedule.DEFAULT, new BackupWindow(LocalTime.of(1, 0),
                    LocalTime.of(2, 0), EnumSet.of(dayAfterTomorrow.getDayOfWeek())), ZoneId.of("Asia/Kolkata"), true));
            Instant opens = manager.window(Instant.now()).nextOpening();
            assertThat(opens).isEqualTo(dayAfterTomorrow.atTime(1, 0).atZone(ZoneId.of("Asia/Kolkata")).toInstant());
            mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                    .andExpect(content().string(containsString("The backup window is closed; due backups wait")))
                    .andExpect(content().string(containsString("until " + opens.atZone(ZoneId.of("Asia/Kolkata"))
                            .toLocalDate() + " 01:00 Asia/Kolkata.")))
                    .andExpect(content().string(containsString("The window was closed: no scheduled backup was due to start.")))
                    .andExpect(content().string(not(containsString("4321"))));
        } finally {
            jdbc.sql("DELETE FROM backup_manager_checks").update();
            scheduler.resumeJob(job);
        }
    }

    @Test
    void theSitesWithTheirOwnScheduleArePagedByDomainWithoutTheDeletedOnes() throws Exception {
        settings.setFeature(Feature.BACKUP_MANAGER, true);
        List<String> mine = new java.util.ArrayList<>();
        for (int i = 0; i < NumberedPage.SIZE + 5; i++) {
            String domain = "paged-%02d.example.com".formatted(i);
            manager.setSiteSchedule(fixtures.site(domain, "ENABLED"), i % 2 == 0, i % 2 == 0 ? Duration.ofHours(6) : null);
            mine.add(domain);
        }
        long gone = fixtures.site("paged-gone.example.com", "ENABLED");
        manager.setSiteSchedule(gone, true, Duration.ofHours(6));
        jdbc.sql("UPDATE sites SET status = 'DELETED' WHERE id = :id").param("id", gone).update();

        NumberedPage<SiteSchedule> first = manager.siteSchedules(0);
        assertThat(first.items()).hasSize(NumberedPage.SIZE);
        assertThat(first.total()).isGreaterThanOrEqualTo(mine.size());
        List<SiteSchedule> all = new java.util.ArrayList<>();
        for (int page = 0; page < first.pages(); page++) {
            all.addAll(manager.siteSchedules(page).items());
        }
        assertThat(all).hasSize((int) first.total()).extracting(SiteSchedule::domain).isSorted()
                .doesNotContain("paged-gone.example.com");
        assertThat(all).filteredOn(schedule -> schedule.domain().startsWith("paged-"))
                .extracting(SiteSchedule::domain, SiteSchedule::enabled)
                .containsExactlyElementsOf(mine.stream().map(domain -> org.assertj.core.groups.Tuple.tuple(domain,
                        Integer.parseInt(domain.substring(6, 8)) % 2 == 0)).toList());
        assertThat(manager.siteSchedules(first.pages()).items()).as("past the last page").isEmpty();
        assertThat(manager.siteSchedules(first.pages()).total()).isEqualTo(first.total());

        mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("Page 1 of " + first.pages() + " · " + first.total() + " sites")))
                .andExpect(content().string(containsString("href=\"/admin/backups?page=" + (first.pages() - 1)
                        + "#sites-title\"")));
        mvc.perform(get("/admin/backups").param("page", String.valueOf(first.pages() - 1))
                        .with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString(all.get(all.size() - 1).domain())))
                .andExpect(content().string(not(containsString(">" + all.get(0).domain() + "<"))))
                .andExpect(content().string(containsString("rel=\"prev\"")));
    }

    @Test
    void theAdminPageSavesTheScheduleWindowRulesAndSiteSchedules() throws Exception {
        settings.setFeature(Feature.BACKUP_MANAGER, true);
        fixtures.site("own.example.com", "ENABLED");

        mvc.perform(post("/admin/backups/manager").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("scheduleEnabled", "true").param("intervalHours", "12")
                        .param("windowStart", "22:00").param("windowEnd", "04:00")
                        .param("windowDays", "MONDAY", "FRIDAY").param("timeZone", "Europe/Berlin")
                        .param("retentionEnabled", "true"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/admin/backups/rules").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("olderThanAmount", "2").param("olderThanUnit", "WEEKS")
                        .param("keepPerAmount", "1").param("keepPerUnit", "WEEKS").param("appliesTo", "AUTOMATED"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/admin/backups/sites").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", "own.example.com").param("enabled", "true").param("intervalHours", "6"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/admin/backups/archive").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("level", "1").param("threads", "1"))
                .andExpect(status().is3xxRedirection());

        assertThat(manager.settings()).isEqualTo(new BackupManagerSettings(new BackupSchedule(true, Duration.ofHours(12)),
                new BackupWindow(LocalTime.of(22, 0), LocalTime.of(4, 0), EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)),
                ZoneId.of("Europe/Berlin"), true));
        assertThat(manager.retentionRules()).extracting(RetentionRule::label)
                .containsExactly("Older than 2 weeks: keep the newest per week (automated backups)");
        assertThat(manager.siteSchedules(0).items()).extracting(SiteSchedule::domain, SiteSchedule::interval)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("own.example.com", Duration.ofHours(6)));
        assertThat(manager.archiveSettings()).isEqualTo(new ArchiveSettings(1, 1));
        mvc.perform(get("/admin/backups").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("own.example.com")))
                .andExpect(content().string(containsString("Older than 2 weeks")));
    }

    @Test
    void invalidInputOnTheAdminPageIsShownOnItsField() throws Exception {
        settings.setFeature(Feature.BACKUP_MANAGER, true);

        mvc.perform(post("/admin/backups/manager").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("intervalHours", "0").param("windowStart", "02:00").param("windowEnd", "05:00")
                        .param("timeZone", "Mars/Olympus"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("The interval is at least 1 hour.")))
                .andExpect(content().string(containsString("is not a time zone")));
        mvc.perform(post("/admin/backups/sites").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", "nowhere.example.com").param("enabled", "true").param("intervalHours", "6"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("There is no site nowhere.example.com.")));
        mvc.perform(post("/admin/backups/archive").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("level", "12").param("threads", "0"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Choose a level from 1 to 9.")));
        assertThat(manager.settings()).isEqualTo(BackupManagerSettings.DEFAULT);
        assertThat(manager.archiveSettings()).isEqualTo(ArchiveSettings.DEFAULT);
    }

    @Test
    void onlyAdminsReachTheBackupSettings() throws Exception {
        mvc.perform(get("/admin/backups").with(user("op").roles("OPERATOR"))).andExpect(status().isForbidden());
        mvc.perform(post("/admin/backups/archive").with(user("op").roles("OPERATOR")).with(csrf())
                .param("level", "1").param("threads", "1")).andExpect(status().isForbidden());
        assertThat(manager.archiveSettings()).isEqualTo(ArchiveSettings.DEFAULT);
    }
}
