package dev.bosun.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The backup manager's rules as a pure function: what is due and what retention deletes, from
 * the settings and the facts the caller gathered. No database, no clock.
 */
public final class BackupPlanner {

    /**
     * A site offered a backup now: its own schedule (null: the default one), its latest backup and
     * the latest time a backup task was queued for it (null: never).
     */
    public record Candidate(long siteId, String domain, SiteSchedule own, Instant lastBackup, Instant lastAttempt) {

        /** The latest backup or attempt: counting attempts keeps a failing site from being retried every minute. */
        public Instant last() {
            if (lastBackup == null || lastAttempt != null && lastAttempt.isAfter(lastBackup)) {
                return lastAttempt;
            }
            return lastBackup;
        }
    }

    private BackupPlanner() {
    }

    /** The candidates whose interval (own or default) has passed since their last backup or attempt, window not considered. */
    public static List<DueBackup> due(BackupSchedule schedule, List<Candidate> candidates, Instant now) {
        List<DueBackup> due = new ArrayList<>();
        for (Candidate candidate : candidates) {
            Optional<Duration> interval = schedule.intervalFor(candidate.own());
            if (interval.isPresent() && BackupSchedule.isDue(interval.get(), candidate.last(), now)) {
                due.add(new DueBackup(candidate.siteId(), candidate.domain(), candidate.last()));
            }
        }
        return due;
    }

    /**
     * Per site, the backups retention deletes, leaving out the backups an open task names
     * ({@code inUse}) and the sites left alone for now ({@code resting}).
     */
    public static Map<Long, List<Long>> deletions(Retention retention, Map<Long, List<RetentionCandidate>> bySite,
                                                  Set<Long> inUse, Set<Long> resting, Instant now) {
        Map<Long, List<Long>> deletions = new LinkedHashMap<>();
        bySite.forEach((siteId, backups) -> {
            if (resting.contains(siteId)) {
                return;
            }
            List<Long> doomed = retention.toDelete(backups, now).stream().filter(id -> !inUse.contains(id)).sorted()
                    .toList();
            if (!doomed.isEmpty()) {
                deletions.put(siteId, doomed);
            }
        });
        return deletions;
    }

    /** The plan at {@code now}: the due backups only inside the window (else when it opens next), and the deletions. */
    public static BackupPlan plan(BackupManagerSettings settings, Instant now, List<DueBackup> due,
                                  Map<Long, List<Long>> deletions) {
        WindowState window = window(settings, now);
        return new BackupPlan(now, window.open(), window.nextOpening(), window.open() ? due : List.of(), deletions);
    }

    /** Whether the window is open at {@code now} (then it "opens" now), and otherwise when it opens next. */
    public static WindowState window(BackupManagerSettings settings, Instant now) {
        LocalDateTime local = LocalDateTime.ofInstant(now, settings.zone());
        boolean open = settings.window().allows(local);
        return new WindowState(open, open ? now : settings.window().nextAllowed(local)
                .map(time -> time.atZone(settings.zone()).toInstant()).orElse(null));
    }
}
