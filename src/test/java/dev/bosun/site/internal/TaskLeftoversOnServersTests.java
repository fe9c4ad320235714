package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupInfo;
import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.DbType;
import dev.bosun.server.LineSink;
import dev.bosun.server.ProcessTags;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.site.RunningMaster;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What a task that died leaves on the site's servers: processes stopped by its tags (never another panel's),
 * restore folders removed.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})
class TaskLeftoversOnServersTests extends RunningMaster {

    @Autowired
    SiteOperations operations;

    @Autowired
    ProcessTags processTags;

    @Test
    void stopTaskProcessesStopsWhatTheTaskLeftRunningOnTheSitesWebServerAndNoOtherPanelsProcesses() throws Exception {
        long siteId = installedSite("stop", examplePlatform("example-base"), dbService(DbType.MARIADB));
        SiteContext context = operations.context(siteId);
        long deadTask = finished(siteId, "install").id();
        String tag = processTags.ofTask(deadTask);
        String legacyTag = TrackedProcesses.legacyTaskTag(deadTask);
        // another panel (its own database) whose task of the same id runs on the same server
        String otherPanel = processTags.panelId().startsWith("0") ? "1234abcd" : "0234abcd";
        String othersTag = TrackedProcesses.taskTag(otherPanel, deadTask);
        CompletableFuture<CommandResult> left = sleepTracked(context, tag);
        CompletableFuture<CommandResult> leftBeforeUpgrade = sleepTracked(context, legacyTag);
        CompletableFuture<CommandResult> others = sleepTracked(context, othersTag);
        String pgid = recordedGroup(context, tag);
        String legacyPgid = recordedGroup(context, legacyTag);
        String othersPgid = recordedGroup(context, othersTag);
        RecordingTaskRun recovery = RecordingTaskRun.any();
        try {
            int stopped = operations.stopTaskProcesses(deadTask, List.of(context, context), recovery.log());

            assertThat(stopped).isEqualTo(2);
            assertThat(recovery.messages("OK")).hasSize(2).anySatisfy(message -> assertThat(message)
                            .contains("Stopped process group " + pgid + " (sleep)").contains("task " + deadTask)
                            .doesNotContain("legacy"))
                    .anySatisfy(message -> assertThat(message)
                            .contains("Stopped process group " + legacyPgid + " (sleep)")
                            .contains("task " + deadTask + " (legacy tag " + legacyTag + ")"));
            assertThat(alive(context, pgid)).as("the process is gone").isFalse();
            assertThat(left.get(60, TimeUnit.SECONDS).ok()).isFalse();
            assertThat(leftBeforeUpgrade.get(60, TimeUnit.SECONDS).ok()).isFalse();
            assertThat(alive(context, othersPgid)).as("the other panel's process").isTrue();
            assertThat(others).isNotDone();
        } finally {
            context.shell().stopTracked(othersTag, Duration.ofSeconds(5));
        }
        assertThat(others.get(60, TimeUnit.SECONDS).ok()).isFalse();
    }

    private static CompletableFuture<CommandResult> sleepTracked(SiteContext context, String tag) {
        return CompletableFuture.supplyAsync(() -> context.shell()
                .runTracked(tag, Command.of("sleep", "600"), LineSink.NONE, Duration.ofMinutes(15)));
    }

    private static String recordedGroup(SiteContext context, String tag) {
        Command pidFiles = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", tag);
        return await().atMost(Duration.ofSeconds(30))
                .until(() -> context.shell().run(pidFiles, LineSink.NONE, Duration.ofSeconds(30)).stdout(),
                        line -> !line.isBlank()).strip().split(" ")[0];
    }

    private static boolean alive(SiteContext context, String pgid) {
        return context.shell().run(Command.script("kill -s 0 \"$1\" 2>/dev/null", pgid), LineSink.NONE,
                Duration.ofSeconds(30)).ok();
    }

    @Test
    void theNextTaskOfTheSiteRemovesTheRestoreFolderOfATaskThatDied() throws Exception {
        long siteId = installedSite("folders", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long deadTask = finished(siteId, "install").id();
        Path sites = siteDirectory(siteId).getParent();
        String domain = site(siteId).domain();
        Path leftover = Files.createDirectories(sites.resolve("." + domain + ".restore-" + deadTask + "/files"));
        Path notATasks = Files.createDirectories(sites.resolve("." + domain + ".restore-kept"));

        TaskSummary verify = queue(siteId, SiteTaskType.VERIFY);

        assertThat(leftover.getParent()).doesNotExist();
        assertThat(notATasks).exists();
        assertThat(log(verify)).contains("Removed " + sites + "/." + domain + ".restore-" + deadTask
                + ", which the interrupted task " + deadTask + " left");
    }

    @Test
    void anArchiveWhoseTaskDiedBeforeRecordingItIsRemovedByTheTakeOver() throws Exception {
        long siteId = installedSite("unrecorded", examplePlatform("example-base"), dbService(DbType.MARIADB));
        stepFaults.crashAfter(SiteTaskType.BACKUP.key(), "backup");
        long id;
        try {
            id = siteTasks.queue(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("cut short"), ClientScope.ALL,
                    "admin").task().id();
            await().atMost(TASK_TIMEOUT).until(() -> stepFaults.crashed(id));
        } finally {
            stepFaults.clear();
        }
        BackupInfo made = backups.listForSite(siteId).stream().filter(b -> b.description().equals("cut short"))
                .findFirst().orElseThrow();
        assertThat(journal(id)).extracting(Journaled::kind, Journaled::status).contains(tuple("archive", "KEPT"));
        // the state a kill between the archive's final name and its record leaves: the file, no record
        jdbc.sql("DELETE FROM backups WHERE id = :id").param("id", made.id()).update();
        jdbc.sql("UPDATE task_journal SET status = 'DONE' WHERE task_id = :id AND kind = 'archive'").param("id", id)
                .update();
        assertThat(made.path()).exists();
        Path other = Files.copy(made.path(), made.path().resolveSibling("other.example.com-20260101.000000.tar.gz"));

        jdbc.sql("UPDATE tasks SET lease_owner = 'node-gone', lease_expires_at = now() - interval '1 second' "
                + "WHERE id = :id").param("id", id).update();
        dispatcher.sweep();
        TaskSummary recovered = finishedTask(id);

        assertThat(made.path()).as("the unrecorded archive").doesNotExist();
        assertThat(other).as("an archive of another name").exists();
        assertThat(log(recovered)).contains("Removed the unrecorded archive " + made.fileName())
                .contains("OK Undid: the backup archive ");
        assertThat(journal(id)).extracting(Journaled::kind, Journaled::status).contains(tuple("archive", "UNDONE"));
        Files.delete(other);
    }

    @Test
    void aRecordedArchiveIsKeptWhenItsTaskIsRolledBack() throws Exception {
        long siteId = installedSite("kept", examplePlatform("example-base"), dbService(DbType.MARIADB));

        TaskSummary recovered = interruptedAndRecovered(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("whole"),
                "backup");

        BackupInfo made = backups.listForSite(siteId).stream().filter(b -> b.description().equals("whole"))
                .findFirst().orElseThrow();
        assertThat(made.path()).exists();
        assertThat(log(recovered)).contains("Nothing to roll back").doesNotContain("Undid");
    }

    @Test
    void thePreviousCopyARestoreLeftGoesOnlyWhenItsJournalSaysTheRestoredCopyServed() throws Exception {
        long siteId = installedSite("previous", examplePlatform("example-base"), dbService(DbType.MARIADB));
        TaskSummary backup = run(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("to restore"));
        long backupId = backups.listForSite(siteId).stream().filter(b -> b.description().equals("to restore"))
                .findFirst().orElseThrow().id();
        TaskSummary restore = run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));
        assertThat(restore.status()).as(log(restore)).isIn(TaskStatus.SUCCESS, TaskStatus.WARNING);
        Path sites = siteDirectory(siteId).getParent();
        String domain = site(siteId).domain();
        // what a restore that died after its point of no return, before removing the previous copy, leaves
        Path served = readOnlyCopy(sites.resolve("." + domain + ".previous-" + restore.id()));
        // a previous copy of a task that never passed a point of no return may be the only copy: kept
        Path notPassed = readOnlyCopy(sites.resolve("." + domain + ".previous-" + backup.id()));

        TaskSummary verify = queue(siteId, SiteTaskType.VERIFY);

        assertThat(served).doesNotExist();
        assertThat(notPassed).exists();
        assertThat(log(verify)).contains("Removed " + sites + "/." + domain + ".previous-" + restore.id()
                + ", which the finished task " + restore.id() + " left");
        Files.setPosixFilePermissions(notPassed, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.delete(notPassed.resolve("settings.php"));
        Files.delete(notPassed);
    }

    private static Path readOnlyCopy(Path directory) throws Exception {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("settings.php"), "<?php\n");
        Files.setPosixFilePermissions(directory, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        return directory;
    }
}
