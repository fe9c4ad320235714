package dev.bosun.backup;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of one site's backups the retention rules delete. Each rule marks, among the backups it
 * covers that are older than its age, all but the newest of each period; a backup marked by any
 * rule goes. Never deleted: the site's newest backup, and the 'Pre-delete backup' of a deleted site.
 */
public record Retention(List<RetentionRule> rules) {

    private static final Comparator<RetentionCandidate> NEWEST_FIRST = Comparator
            .comparing(RetentionCandidate::createdAt).thenComparingLong(RetentionCandidate::id).reversed();

    public Retention {
        rules = List.copyOf(rules);
    }

    public Set<Long> toDelete(List<RetentionCandidate> siteBackups, Instant now) {
        Set<Long> doomed = new TreeSet<>();
        for (RetentionRule rule : rules) {
            doomed.addAll(marked(rule, siteBackups, now));
        }
        siteBackups.stream().min(NEWEST_FIRST).ifPresent(newest -> doomed.remove(newest.id()));
        siteBackups.stream()
                .filter(backup -> backup.siteDeleted() && backup.kind() == BackupKind.PRE_DELETE)
                .forEach(backup -> doomed.remove(backup.id()));
        return doomed;
    }

    private static Set<Long> marked(RetentionRule rule, List<RetentionCandidate> backups, Instant now) {
        Instant cutoff = now.minus(rule.olderThan());
        long period = rule.keepPer().getSeconds();
        Map<Long, RetentionCandidate> newestPerPeriod = new HashMap<>();
        Set<Long> marked = new TreeSet<>();
        backups.stream()
                .filter(backup -> rule.appliesTo().covers(backup.kind()) && backup.createdAt().isBefore(cutoff))
                .sorted(NEWEST_FIRST)
                .forEach(backup -> {
                    long bucket = Math.floorDiv(backup.createdAt().getEpochSecond(), period);
                    if (newestPerPeriod.putIfAbsent(bucket, backup) != null) {
                        marked.add(backup.id());
                    }
                });
        return marked;
    }
}
