package dev.bosun.backup;

/**
 * How archives are compressed: the gzip level (1 fastest … 9 smallest, 6 like gzip's default)
 * and the number of compressing threads (0: one per processor; 1: plain single-stream gzip).
 */
public record ArchiveSettings(int level, int threads) {

    public static final ArchiveSettings DEFAULT = new ArchiveSettings(6, 0);

    public ArchiveSettings {
        if (level < 1 || level > 9) {
            throw new IllegalArgumentException("The compression level must be between 1 and 9.");
        }
        if (threads < 0 || threads > 64) {
            throw new IllegalArgumentException("The compression threads must be between 0 (automatic) and 64.");
        }
    }

    /** The threads actually used: {@code threads}, or the number of processors for 0. */
    public int effectiveThreads() {
        return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
    }
}
