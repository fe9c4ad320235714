package dev.bosun.site;

/** Aegir's site states: QUEUED until installed, then ENABLED or DISABLED, finally DELETED (kept, hidden). */
public enum SiteStatus {
    QUEUED,
    ENABLED,
    DISABLED,
    DELETED
}
