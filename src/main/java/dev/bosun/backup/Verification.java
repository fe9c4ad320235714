package dev.bosun.backup;

/**
 * The verdict on a backup file: valid, or the reason it cannot be trusted (in words for the task
 * log). For a valid one: the number of entries, the size of its database.sql and its sha256.
 */
public record Verification(boolean valid, String reason, int entries, long databaseBytes, String sha256) {

    static Verification failed(String reason) {
        return new Verification(false, reason, 0, 0, null);
    }
}
