package dev.bosun.platform;

/**
 * Aegir's platform states: QUEUED until the first verify succeeds, ENABLED, LOCKED (takes no new
 * sites and is no migrate target), DELETED (kept for history, hidden from lists).
 */
public enum PlatformStatus {
    QUEUED,
    ENABLED,
    LOCKED,
    DELETED;

    /** Whether new sites may be installed here and sites migrated here. */
    public boolean takesSites() {
        return this == ENABLED;
    }
}
