package dev.bosun.backup;

import java.time.Instant;

/** A site whose scheduled backup is due; {@code last} is its latest backup or attempt (null: never). */
public record DueBackup(long siteId, String domain, Instant last) {
}
