package dev.bosun.site;

import java.time.Duration;
import java.time.Instant;

/**
 * One {@code drush core:cron} run on a site: when it started and ended, how, and its output (the last
 * few kilobytes of stdout and stderr; what came before is cut).
 */
public record CronRun(long id, long siteId, Instant startedAt, Instant finishedAt, CronResult result,
                      Integer exitCode, String output) {

    /** How long it ran; null while it runs. */
    public Duration duration() {
        return finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    /** The duration for people: {@code 850 ms}, {@code 12 s}, {@code 3 min 4 s}. */
    public String durationText() {
        Duration duration = duration();
        if (duration == null) {
            return "running";
        }
        if (duration.toMillis() < 1000) {
            return duration.toMillis() + " ms";
        }
        long seconds = duration.toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min " + seconds % 60 + " s";
    }
}
