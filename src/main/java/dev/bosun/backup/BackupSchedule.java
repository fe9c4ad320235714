package dev.bosun.backup;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The default schedule for all sites: on or off, and how often. */
public record BackupSchedule(boolean enabled, Duration interval) {

    public static final BackupSchedule DEFAULT = new BackupSchedule(true, Duration.ofDays(1));

    public BackupSchedule {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("a backup interval must be positive");
        }
    }

    /** The interval that applies to a site: its own schedule if it has one, else this default; empty when off. */
    public Optional<Duration> intervalFor(SiteSchedule override) {
        if (override != null) {
            return override.enabled() ? Optional.of(override.interval()) : Optional.empty();
        }
        return enabled ? Optional.of(interval) : Optional.empty();
    }

    /** A site is due when it never had a backup (or attempt), or the last is at least {@code interval} old. */
    public static boolean isDue(Duration interval, Instant last, Instant now) {
        return last == null || !now.isBefore(last.plus(interval));
    }
}
