package dev.bosun.site;

import java.time.Instant;

/**
 * When a site's cron is due: every {@code interval} seconds at a fixed offset of its own within the
 * interval, so that the sites of one server do not start together. The offset is the fractional part
 * of {@code siteId × φ⁻¹} times the interval (Fibonacci hashing): deterministic, and any run of
 * consecutive site ids lands spread evenly over the interval.
 */
public final class CronSlots {

    private static final double GOLDEN_FRACTION = 0.6180339887498949;

    private CronSlots() {
    }

    /** The site's offset within an interval, in seconds: 0 ≤ offset &lt; interval. */
    public static long offsetSeconds(long siteId, long intervalSeconds) {
        if (intervalSeconds <= 0) {
            throw new IllegalArgumentException("The interval must be positive.");
        }
        double fraction = (siteId * GOLDEN_FRACTION) % 1.0;
        return Math.min(intervalSeconds - 1, (long) Math.floor(fraction * intervalSeconds));
    }

    /** The first of the site's slots strictly after {@code after} (whole seconds since the epoch). */
    public static Instant nextAfter(long siteId, long intervalSeconds, Instant after) {
        long offset = offsetSeconds(siteId, intervalSeconds);
        long now = after.getEpochSecond();
        long slot = Math.floorDiv(now - offset, intervalSeconds) * intervalSeconds + offset;
        while (slot <= now) {
            slot += intervalSeconds;
        }
        return Instant.ofEpochSecond(slot);
    }
}
