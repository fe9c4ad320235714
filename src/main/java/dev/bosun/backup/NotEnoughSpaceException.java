package dev.bosun.backup;

/** The backups folder lacks the room a backup needs; the message says how much is needed and available. */
class NotEnoughSpaceException extends BackupFailedException {

    private final long needed;
    private final long available;

    public NotEnoughSpaceException(String message, long needed, long available) {
        super(message);
        this.needed = needed;
        this.available = available;
    }

    public long needed() {
        return needed;
    }

    public long available() {
        return available;
    }
}
