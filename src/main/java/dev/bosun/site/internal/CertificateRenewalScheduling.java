package dev.bosun.site.internal;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the certificate renewal job and its trigger, every {@code bosun.https.renewal-tick}, with Quartz. */
@Configuration(proxyBeanMethods = false)
class CertificateRenewalScheduling {

    static final String NAME = "certificate-renewal";
    static final String GROUP = "site";

    @Bean
    JobDetail certificateRenewalJob() {
        return JobBuilder.newJob(CertificateRenewalJob.class).withIdentity(NAME, GROUP)
                .withDescription("Queues the renewal of ACME certificates that are due").storeDurably().build();
    }

    @Bean
    Trigger certificateRenewalTrigger(JobDetail certificateRenewalJob, HttpsProperties properties) {
        return TriggerBuilder.newTrigger().forJob(certificateRenewalJob).withIdentity(NAME, GROUP)
                .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                        .withIntervalInMilliseconds(properties.renewalTick().toMillis()).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build();
    }
}
