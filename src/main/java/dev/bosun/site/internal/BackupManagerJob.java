package dev.bosun.site.internal;

import dev.bosun.site.ScheduledBackups;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Fired every minute by Quartz's clustered JDBC store, on one node at a time: with two panel
 * nodes each scheduled backup is queued once. The run itself is idempotent too (see
 * {@link ScheduledBackups#runScheduled()}), so a misfire or a manual run queues nothing twice.
 */
@DisallowConcurrentExecution
public class BackupManagerJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(BackupManagerJob.class);

    private final ScheduledBackups manager;

    public BackupManagerJob(ScheduledBackups manager) {
        this.manager = manager;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        try {
            manager.runScheduled();
        } catch (RuntimeException e) {
            // Nothing was queued (the run is one transaction); the next minute tries again.
            log.error("The backup manager's run failed: {}", e.getMessage(), e);
        }
    }
}
