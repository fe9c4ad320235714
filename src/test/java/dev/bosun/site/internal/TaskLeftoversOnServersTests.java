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

/** What a task that died leaves on the site's servers: processes stopped by its tag, restore folders removed. */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})
class TaskLeftoversOnServersTests extends RunningMaster {

    @Autowired
    SiteOperations operations;

    @Test
    void stopTaskProcessesStopsWhatTheTaskLeftRunningOnTheSitesWebServer() throws Exception {
        long siteId = installedSite("stop", examplePlatform("example-base"), dbService(DbType.MARIADB));
        SiteContext context = operations.context(siteId);
        long deadTask = finished(siteId, "install").id();
        String tag = TrackedProcesses.taskTag(deadTask);
        CompletableFuture<CommandResult> left = CompletableFuture.supplyAsync(() -> context.shell()
                .runTracked(tag, Command.of("sleep", "600"), LineSink.NONE, Duration.ofMinutes(15)));
        Command pidFiles = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", tag);
        String pgid = await().atMost(Duration.ofSeconds(30))
                .until(() -> context.shell().run(pidFiles, LineSink.NONE, Duration.ofSeconds(30)).stdout(),
                        line -> !line.isBlank()).strip().split(" ")[0];
        RecordingTaskRun recovery = RecordingTaskRun.any();

        int stopped = operations.stopTaskProcesses(deadTask, List.of(context, context), recovery.log());

        assertThat(stopped).isEqualTo(1);
        assertThat(recovery.messages("OK")).singleElement().asString()
                .contains("Stopped process group " + pgid + " (sleep)").contains("task " + deadTask);
        assertThat(context.shell().run(Command.script("kill -s 0 \"$1\" 2>/dev/null", pgid), LineSink.NONE,
                Duration.ofSeconds(30)).ok()).as("the process is gone").isFalse();
        assertThat(left.get(60, TimeUnit.SECONDS).ok()).isFalse();
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
