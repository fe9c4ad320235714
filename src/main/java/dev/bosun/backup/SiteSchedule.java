package dev.bosun.backup;

import java.time.Duration;

/** A site's own schedule: its own interval, or opted out ({@code enabled} false, no interval). */
public record SiteSchedule(long siteId, String domain, boolean enabled, Duration interval) {

    public SiteSchedule {
        if (enabled && (interval == null || interval.isNegative() || interval.isZero())) {
            throw new IllegalArgumentException("a site's backup interval must be positive");
        }
        if (!enabled) {
            interval = null;
        }
    }
}
