package dev.bosun.backup;

/**
 * What deleting one chosen backup did: deleted it (file and record), removed the record of a
 * backup whose file was already gone, or found the backup already gone altogether.
 */
public record BackupDeletion(long backupId, String fileName, long size, Outcome outcome) {

    public enum Outcome {
        DELETED,
        FILE_ALREADY_GONE,
        ALREADY_GONE
    }

    /** The task log's line: 'Deleted example.com-20251126.120000.tar.gz (12.3 MB)'. */
    public String message() {
        return switch (outcome) {
            case DELETED -> "Deleted " + fileName + " (" + HumanSize.format(size) + ")";
            case FILE_ALREADY_GONE -> "The file " + fileName + " was already gone; its record is removed";
            case ALREADY_GONE -> "Backup " + backupId + " is already gone";
        };
    }

    public boolean warning() {
        return outcome != Outcome.DELETED;
    }
}
