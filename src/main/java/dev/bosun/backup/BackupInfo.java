package dev.bosun.backup;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A recorded backup: its archive file, size, sha256 and the reason it was made; {@code damage} says why its
 * archive failed a check (null while it is sound): a damaged backup is never restored.
 */
public record BackupInfo(long id, long siteId, Instant createdAt, long size, String sha256, String description,
                         Path path, String damage) {

    public BackupInfo(long id, long siteId, Instant createdAt, long size, String sha256, String description,
                      Path path) {
        this(id, siteId, createdAt, size, sha256, description, path, null);
    }

    public boolean damaged() {
        return damage != null;
    }

    public String fileName() {
        return path.getFileName().toString();
    }

    public String humanSize() {
        return HumanSize.format(size);
    }
}
