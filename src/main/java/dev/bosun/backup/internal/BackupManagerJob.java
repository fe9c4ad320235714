package dev.bosun.backup.internal;

import dev.bosun.backup.BackupManagerService;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Fired every minute by Quartz's clustered JDBC store, so on one node at a time: with two panel
 * nodes each scheduled backup is queued once (the open-task index of the queue guards it too).
 */
@DisallowConcurrentExecution
public class BackupManagerJob extends QuartzJobBean {

    private final BackupManagerService manager;

    public BackupManagerJob(BackupManagerService manager) {
        this.manager = manager;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        manager.runScheduled();
    }
}
