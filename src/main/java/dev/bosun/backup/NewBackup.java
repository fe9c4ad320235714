package dev.bosun.backup;

/**
 * A written archive to record for a site. A blank description becomes the kind's default
 * ('Generated on request' for a backup asked for without one).
 */
public record NewBackup(long siteId, Long taskId, BackupKind kind, String description, BackupArchive archive) {

    public NewBackup {
        if (kind == null) {
            throw new IllegalArgumentException("a backup needs a kind");
        }
        if (archive == null) {
            throw new IllegalArgumentException("a backup needs its archive");
        }
        description = description == null || description.isBlank() ? kind.defaultDescription() : description.strip();
        if (description.length() > 500) {
            throw new IllegalArgumentException("A backup description is at most 500 characters.");
        }
    }
}
