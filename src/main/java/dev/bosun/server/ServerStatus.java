package dev.bosun.server;

/** Aegir's server states: QUEUED until the first successful verify, then ENABLED. */
public enum ServerStatus {
    QUEUED,
    ENABLED,
    LOCKED,
    DELETED
}
