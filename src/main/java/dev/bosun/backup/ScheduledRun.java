package dev.bosun.backup;

import java.util.List;

import dev.bosun.task.QueuedTask;

/**
 * One run of the backup manager: its plan, and for each due site and each site with backups past
 * retention the task queued ({@link QueuedTask#created()}) or found open already.
 */
public record ScheduledRun(BackupPlan plan, List<QueuedTask> backups, List<QueuedTask> deletions) {

    public ScheduledRun {
        backups = List.copyOf(backups);
        deletions = List.copyOf(deletions);
    }

    /** How many tasks this run added to the queue (none for what was open already). */
    public long queuedCount() {
        return backupsQueued() + deletionsQueued();
    }

    /** How many backup tasks this run added to the queue. */
    public long backupsQueued() {
        return backups.stream().filter(QueuedTask::created).count();
    }

    /** How many backup-delete tasks this run added to the queue. */
    public long deletionsQueued() {
        return deletions.stream().filter(QueuedTask::created).count();
    }
}
