package dev.bosun.site.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Fired every tick by Quartz's clustered JDBC store, on one node at a time: that node claims the due
 * sites it has threads for. Nodes take turns, so the runs spread over the nodes that run cron.
 */
@DisallowConcurrentExecution
public class CronJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(CronJob.class);

    private final CronRunner runner;

    public CronJob(CronRunner runner) {
        this.runner = runner;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        try {
            runner.tick();
        } catch (RuntimeException e) {
            // nothing was claimed (the claim is one transaction); the next tick tries again
            log.error("Cron: the tick failed: {}", e.getMessage(), e);
        }
    }
}
