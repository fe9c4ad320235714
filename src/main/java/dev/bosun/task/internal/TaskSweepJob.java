package dev.bosun.task.internal;

import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Quartz fires this on one node of the cluster: recover expired leases, wake every dispatcher.
 * Sweeps may overlap (the takeover skips locked rows), so a node dying mid-sweep never blocks the trigger.
 */
class TaskSweepJob extends QuartzJobBean {

    private final Dispatcher dispatcher;

    TaskSweepJob(Dispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        dispatcher.sweep();
    }
}
