package dev.bosun.task.internal;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The task module's Quartz jobs; Quartz runs clustered on the database, so each firing runs on one node. */
@Configuration(proxyBeanMethods = false)
class TaskSchedules {

    @Bean
    JobDetail taskSweepJob() {
        return JobBuilder.newJob(TaskSweepJob.class).withIdentity("task-sweep", "tasks").storeDurably()
                .withDescription("Recovers tasks of stopped nodes and wakes every dispatcher").build();
    }

    @Bean
    Trigger taskSweepTrigger(JobDetail taskSweepJob, TaskProperties properties) {
        return TriggerBuilder.newTrigger().forJob(taskSweepJob).withIdentity("task-sweep", "tasks")
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.sweepInterval().toMillis())
                        .repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }

    @Bean
    JobDetail taskLogRetentionJob() {
        return JobBuilder.newJob(TaskLogRetentionJob.class).withIdentity("task-log-retention", "tasks").storeDurably()
                .withDescription("Deletes the logs of tasks finished longer ago than the retention").build();
    }

    @Bean
    Trigger taskLogRetentionTrigger(JobDetail taskLogRetentionJob) {
        return TriggerBuilder.newTrigger().forJob(taskLogRetentionJob).withIdentity("task-log-retention", "tasks")
                .withSchedule(CronScheduleBuilder.dailyAtHourAndMinute(3, 30)
                        .withMisfireHandlingInstructionFireAndProceed())
                .build();
    }
}
