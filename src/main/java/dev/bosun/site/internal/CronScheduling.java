package dev.bosun.site.internal;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the sites' cron job and its trigger, every {@code bosun.cron.tick}, with the Quartz scheduler. */
@Configuration(proxyBeanMethods = false)
class CronScheduling {

    static final String NAME = "site-cron";
    static final String GROUP = "site";

    @Bean
    JobDetail siteCronJob() {
        return JobBuilder.newJob(CronJob.class).withIdentity(NAME, GROUP)
                .withDescription("Runs drush core:cron on the sites that are due").storeDurably().build();
    }

    @Bean
    Trigger siteCronTrigger(JobDetail siteCronJob, CronProperties properties) {
        return TriggerBuilder.newTrigger().forJob(siteCronJob).withIdentity(NAME, GROUP)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.tick().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
