package dev.bosun.site;

import java.time.Instant;
import java.util.List;

/**
 * A site's cron: its own interval (null = the panel's default, 0 = off), the interval in effect,
 * when it is next due, its failures in a row and its last runs, newest first.
 */
public record SiteCron(long siteId, Integer intervalSeconds, int effectiveIntervalSeconds, Instant nextRunAt,
                       int consecutiveFailures, List<CronRun> runs) {

    /** Failures in a row from which a site is listed as needing attention. */
    public static final int FAILING_AFTER = 3;

    public boolean enabled() {
        return effectiveIntervalSeconds > 0;
    }

    /** The interval for people: {@code every 1 hour (default)}, {@code every 5 minutes}, {@code off}. */
    public String intervalText() {
        if (!enabled()) {
            return "off";
        }
        return "every " + SiteCronService.describe(effectiveIntervalSeconds) + (intervalSeconds == null ? " (default)" : "");
    }

    public boolean failing() {
        return consecutiveFailures >= FAILING_AFTER;
    }
}
