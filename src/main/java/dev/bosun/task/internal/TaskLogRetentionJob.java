package dev.bosun.task.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Quartz fires this daily on one node: deletes the logs of tasks finished longer ago than the retention. */
@DisallowConcurrentExecution
class TaskLogRetentionJob extends QuartzJobBean {

    private final TaskLogRetention retention;

    TaskLogRetentionJob(TaskLogRetention retention) {
        this.retention = retention;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        retention.purge();
    }
}
