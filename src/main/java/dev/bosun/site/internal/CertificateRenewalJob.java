package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.site.SiteHttpsService;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Fired every {@code bosun.https.renewal-tick} by Quartz's clustered JDBC store, on one node at a time: queues
 * the verify task (which renews) of the sites whose ACME certificate is due. The tasks run wherever the
 * dispatcher claims them; a site is held back for an hour after its renewal is queued, and after failures
 * for the back-off, so no two nodes renew one site.
 */
@DisallowConcurrentExecution
public class CertificateRenewalJob extends QuartzJobBean {

    private static final Logger log = LoggerFactory.getLogger(CertificateRenewalJob.class);
    static final int BATCH = 50;

    private final SiteHttpsService https;

    public CertificateRenewalJob(SiteHttpsService https) {
        this.https = https;
    }

    @Override
    protected void executeInternal(JobExecutionContext context) {
        try {
            List<Long> queued = https.queueDueRenewals(BATCH);
            if (!queued.isEmpty()) {
                log.info("Certificate renewal queued for sites {}", queued);
            }
        } catch (RuntimeException e) {
            // nothing was queued (one transaction); the next firing tries again
            log.error("Certificate renewal: the run failed: {}", e.getMessage(), e);
        }
    }
}
