package dev.bosun.site.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this node runs sites' cron ({@code bosun.cron.*}, docs/cron.md); the intervals and the per-server
 * limit are panel settings, stored in the database.
 *
 * @param run          whether this node runs cron at all (a node that only serves pages may turn it off)
 * @param tick         how often the clustered Quartz job looks for due sites (on one node per firing)
 * @param poolSize     runs this node makes at once
 * @param timeout      how long one run may take before drush is stopped and the run fails
 * @param outputLimit  characters of output kept per run (the last ones)
 */
@ConfigurationProperties("bosun.cron")
public record CronProperties(
        @DefaultValue("true") boolean run,
        @DefaultValue("10s") Duration tick,
        @DefaultValue("4") int poolSize,
        @DefaultValue("15m") Duration timeout,
        @DefaultValue("4096") int outputLimit) {

    public CronProperties {
        if (poolSize < 1 || outputLimit < 256 || tick.toMillis() < 100 || timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("bosun.cron: pool-size must be at least 1, output-limit at least 256,"
                    + " tick at least 100ms and timeout at least 1s");
        }
    }

    /** A run holds its site this long; a node that dies frees its sites' cron when it ends. */
    Duration lease() {
        return timeout.plusMinutes(1);
    }
}
