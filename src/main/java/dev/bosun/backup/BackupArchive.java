package dev.bosun.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A finished archive: where it is, its size and sha256 (computed while it was written), the
 * number of entries, the size of its {@code database.sql}, and what was left out and why.
 */
public record BackupArchive(Path path, long size, String sha256, Instant createdAt, int entries,
                            long databaseBytes, List<String> warnings) {

    public String fileName() {
        return path.getFileName().toString();
    }
}
