package dev.bosun.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/**
 * A complete archive under a temporary name in the backups folder. {@link #commit()} gives it
 * its final name {@code <domain>-<yyyyMMdd.HHmmss>.tar.gz} (with {@code _<n>} on a clash, as
 * Aegir does) in one atomic step; closing it uncommitted deletes it. The caller commits only
 * once every source has reported success (e.g. the remote {@code tar} exited 0).
 */
public final class PendingArchive implements AutoCloseable {

    private final Path temporary;
    private final Path directory;
    private final String baseName;
    private final long size;
    private final String sha256;
    private final Instant createdAt;
    private final int entries;
    private final long databaseBytes;
    private final List<String> warnings;
    private BackupArchive committed;

    PendingArchive(Path temporary, Path directory, String baseName, long size, String sha256, Instant createdAt,
                   int entries, long databaseBytes, List<String> warnings) {
        this.temporary = temporary;
        this.directory = directory;
        this.baseName = baseName;
        this.size = size;
        this.sha256 = sha256;
        this.createdAt = createdAt;
        this.entries = entries;
        this.databaseBytes = databaseBytes;
        this.warnings = List.copyOf(warnings);
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    public List<String> warnings() {
        return warnings;
    }

    /**
     * The names {@link #commit()} may give the archive, for a task to journal before it commits: should the task
     * die before recording it, {@link BackupService#discardUncommitted} finds and removes it by these.
     */
    public FinalName finalName() {
        return new FinalName(directory.toString(), baseName, size);
    }

    /** Where an archive gets its final name: {@code <baseName>.tar.gz} or {@code <baseName>_<n>.tar.gz}, of {@code size} bytes. */
    public record FinalName(String directory, String baseName, long size) {

        public String describe() {
            return baseName + BackupArchiver.EXTENSION + " in " + directory;
        }
    }

    /** Moves the archive to its final name; a hard link makes the step atomic and never overwrites. */
    public BackupArchive commit() {
        if (committed != null) {
            return committed;
        }
        try {
            Path target = link();
            Files.delete(temporary);
            syncDirectory();
            committed = new BackupArchive(target, size, sha256, createdAt, entries, databaseBytes, warnings);
            return committed;
        } catch (IOException e) {
            throw new BackupFailedException("Could not give the backup its final name in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    private Path link() throws IOException {
        for (int n = 0; ; n++) {
            Path candidate = directory.resolve(baseName + (n == 0 ? "" : "_" + n) + BackupArchiver.EXTENSION);
            try {
                return Files.createLink(candidate, temporary);
            } catch (FileAlreadyExistsException taken) {
                // Aegir's rule: add _<n> on a clash
            }
        }
    }

    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the rename itself is atomic
        }
    }

    @Override
    public void close() {
        if (committed == null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
