package dev.bosun.backup;

import java.time.Duration;
import java.time.Instant;

/**
 * What the backup manager found at its latest check (one scheduled run), as Admin → Backups shows it:
 * whether the window was open, how many sites were due and how many backups were past retention, and
 * how many tasks the run queued for them (the others were open already). {@code settingsChangedSince}:
 * the schedule, window, retention or a site's own schedule changed after the check, so the next check
 * may find otherwise.
 */
public record ManagerCheck(Instant checkedAt, Instant finishedAt, boolean windowOpen, Instant nextWindowOpening,
                           int dueSites, int backupsQueued, int retentionSites, int backupsPastRetention,
                           int deletionsQueued, boolean settingsChangedSince) {

    /** From the start of the check to the end of its run, the queueing included. */
    public Duration took() {
        return Duration.between(checkedAt, finishedAt);
    }
}
