package dev.bosun.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the backup manager would do now: the due backups to queue (empty outside the window,
 * with the window's next opening), and per site the backups retention deletes.
 */
public record BackupPlan(Instant at, boolean windowOpen, Instant nextWindowOpening, List<DueBackup> due,
                         Map<Long, List<Long>> deletions) {

    public int deletionCount() {
        return deletions.values().stream().mapToInt(List::size).sum();
    }
}
