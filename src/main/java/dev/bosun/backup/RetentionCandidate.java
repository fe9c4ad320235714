package dev.bosun.backup;

import java.time.Instant;

/** A backup as retention sees it: when, what kind, and whether its site is deleted. */
public record RetentionCandidate(long id, Instant createdAt, BackupKind kind, boolean siteDeleted) {
}
