package dev.bosun.site;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.account.AuditLog;
import dev.bosun.backup.BackupManagerService;
import dev.bosun.backup.BackupPlan;
import dev.bosun.backup.DueBackup;
import dev.bosun.backup.ScheduledRun;
import dev.bosun.task.QueuedTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The backup manager's scheduled run: asks the backup module for its plan and queues what the plan
 * names as ordinary site tasks through {@link SiteTasks}, so the site task rules decide whether a
 * site is offered its backup. Its Quartz job runs {@link #runScheduled()} every minute on one node.
 */
@Service
public class ScheduledBackups {

    /** Serializes scheduled runs across the nodes sharing the database (beside Quartz's own guard). */
    private static final long RUN_LOCK = 0x626f73756e02L;

    private static final Logger log = LoggerFactory.getLogger(ScheduledBackups.class);

    private final BackupManagerService manager;
    private final SiteTasks siteTasks;
    private final AuditLog auditLog;
    private final JdbcClient jdbc;
    private final Clock clock;

    ScheduledBackups(BackupManagerService manager, SiteTasks siteTasks, AuditLog auditLog, JdbcClient jdbc,
                     Clock clock) {
        this.manager = manager;
        this.siteTasks = siteTasks;
        this.auditLog = auditLog;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * The scheduled run: nothing while the feature is off. Queues, requested by
     * {@value BackupManagerService#REQUESTED_BY}, a backup task ('Automated backup') for each due site
     * (only inside the window) and one backup-delete task per site with backups past retention.
     * Idempotent: the runs of all nodes take turns (an advisory lock held to commit), a queued backup
     * makes its site not due, and the queue returns the open task of a type instead of a second one.
     * Empty also when another node is running it at this moment. What the run found and queued is
     * recorded as the manager's latest check ({@link BackupManagerService#recordCheck}).
     */
    @Transactional
    public Optional<ScheduledRun> runScheduled() {
        if (!manager.isActive() || !takeRunLock()) {
            return Optional.empty();
        }
        BackupPlan plan = manager.plan(clock.instant());
        if (plan.due().isEmpty() && plan.deletions().isEmpty()) {
            ScheduledRun run = new ScheduledRun(plan, List.of(), List.of());
            manager.recordCheck(run);
            return Optional.of(run);
        }
        log.info("Backup manager: {} backup(s) due, {} backup(s) past retention", plan.due().size(),
                plan.deletionCount());
        ScheduledRun run = new ScheduledRun(plan, queueBackups(plan), queueDeletions(plan));
        manager.recordCheck(run);
        if (run.queuedCount() > 0) {
            log.info("Backup manager: queued {} task(s)", run.queuedCount());
            auditLog.recordAs(BackupManagerService.REQUESTED_BY, "backup.manager.run", "setting", null, "Queued "
                    + run.backupsQueued() + " backup(s) and " + run.deletionsQueued() + " backup-delete task(s)");
        }
        return Optional.of(run);
    }

    private List<QueuedTask> queueBackups(BackupPlan plan) {
        return plan.due().stream().map(DueBackup::siteId).map(siteTasks::queueScheduledBackup)
                .flatMap(Optional::stream).toList();
    }

    private List<QueuedTask> queueDeletions(BackupPlan plan) {
        return plan.deletions().entrySet().stream()
                .map((Map.Entry<Long, List<Long>> site) -> siteTasks.queueRetentionDelete(site.getKey(), site.getValue()))
                .flatMap(Optional::stream).toList();
    }

    private boolean takeRunLock() {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", RUN_LOCK).query(Boolean.class).single();
    }
}
