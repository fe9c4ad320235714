package dev.bosun.backup;

/** An archive that was refused (unsafe, damaged, incomplete); the message says why. */
public class BackupArchiveException extends RuntimeException {

    public BackupArchiveException(String message) {
        super(message);
    }

    public BackupArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
