package dev.bosun.backup;

/** A backup could not be written; the message says why, in words for the task log. */
class BackupFailedException extends RuntimeException {

    public BackupFailedException(String message) {
        super(message);
    }

    public BackupFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
