package dev.bosun.site;

import java.time.Instant;
import java.util.List;

import dev.bosun.task.TaskStatus;

/**
 * A platform's "Migrate all sites": one migrate task per site to one target platform, and what
 * became of each site (its task's status, or why it was not queued).
 */
public record FleetMigration(long id, long platformId, String platformName, long targetPlatformId,
                             String targetName, String requestedBy, Instant createdAt, List<Site> sites) {

    /** One site of the migration: its migrate task, or the reason it was not queued. */
    public record Site(long siteId, String domain, Long taskId, TaskStatus status, String refused) {

        public boolean queued() {
            return taskId != null;
        }
    }

    /** Sites whose migrate task has not ended yet. */
    public long open() {
        return sites.stream().filter(site -> site.queued() && site.status().isOpen()).count();
    }

    public long succeeded() {
        return count(TaskStatus.SUCCESS) + count(TaskStatus.WARNING);
    }

    public long failed() {
        return count(TaskStatus.ERROR) + count(TaskStatus.CANCELLED);
    }

    public long refused() {
        return sites.stream().filter(site -> !site.queued()).count();
    }

    public boolean done() {
        return open() == 0;
    }

    private long count(TaskStatus status) {
        return sites.stream().filter(site -> site.status() == status).count();
    }
}
