package dev.bosun.site;

import java.time.Instant;

/** A site whose cron failed {@value SiteCron#FAILING_AFTER} or more times in a row. */
public record CronFailure(long siteId, String domain, int consecutiveFailures, Instant lastRunAt) {
}
