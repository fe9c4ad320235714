package dev.bosun.site.internal;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the backup manager's job and its once-a-minute trigger with the Quartz scheduler. */
@Configuration(proxyBeanMethods = false)
class BackupManagerScheduling {

    static final String NAME = "backup-manager";
    static final String GROUP = "backup";

    @Bean
    JobDetail backupManagerJob() {
        return JobBuilder.newJob(BackupManagerJob.class).withIdentity(NAME, GROUP)
                .withDescription("Queues due scheduled backups and retention deletions").storeDurably().build();
    }

    @Bean
    Trigger backupManagerTrigger(JobDetail backupManagerJob) {
        return TriggerBuilder.newTrigger().forJob(backupManagerJob).withIdentity(NAME, GROUP)
                .withSchedule(SimpleScheduleBuilder.repeatMinutelyForever().withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
