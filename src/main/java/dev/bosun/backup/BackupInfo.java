package dev.bosun.backup;

import java.nio.file.Path;
import java.time.Instant;

/** A recorded backup: its archive file, size, sha256 and the reason it was made. */
public record BackupInfo(long id, long siteId, Instant createdAt, long size, String sha256, String description,
                         Path path) {

    public String fileName() {
        return path.getFileName().toString();
    }

    public String humanSize() {
        return HumanSize.format(size);
    }
}
