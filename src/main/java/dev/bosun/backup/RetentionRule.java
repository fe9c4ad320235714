package dev.bosun.backup;

import java.time.Duration;

/**
 * 'For backups older than {@code olderThan}, keep the newest one per {@code keepPer}': among the
 * site's backups (of the kinds in {@code appliesTo}) older than that, the periods are counted
 * from the epoch ({@code floor(created / keepPer)}, as Aegir's backup manager does) and all but
 * the newest backup of each period are deleted.
 */
public record RetentionRule(Long id, int olderThanAmount, RetentionUnit olderThanUnit, int keepPerAmount,
                            RetentionUnit keepPerUnit, Scope appliesTo) {

    /** Which backups a rule looks at: every one, automated ones, or the others (manual). */
    public enum Scope {
        ALL("all backups"),
        AUTOMATED("automated backups"),
        MANUAL("manual backups");

        private final String label;

        Scope(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        boolean covers(BackupKind kind) {
            return this == ALL || (this == AUTOMATED) == kind.automated();
        }
    }

    public RetentionRule {
        if (olderThanAmount < 1 || keepPerAmount < 1 || olderThanUnit == null || keepPerUnit == null) {
            throw new IllegalArgumentException("A retention rule needs positive periods.");
        }
        if (appliesTo == null) {
            appliesTo = Scope.ALL;
        }
    }

    public Duration olderThan() {
        return olderThanUnit.times(olderThanAmount);
    }

    public Duration keepPer() {
        return keepPerUnit.times(keepPerAmount);
    }

    /** 'Older than 1 week: keep the newest per day (automated backups)'. */
    public String label() {
        return "Older than " + olderThanUnit.label(olderThanAmount) + ": keep the newest per "
                + keepPerUnit.label(keepPerAmount) + " (" + appliesTo.label() + ")";
    }
}
