package dev.bosun.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

import org.springframework.stereotype.Component;

/**
 * The free-space check before a backup. The estimate is the worst case: the archive can be as
 * large as the site folder plus the database (incompressible data), and the dump is spooled
 * once beside it while the archive is written, plus a margin.
 */
@Component
public class BackupSpace {

    static final long MARGIN = 64L * 1024 * 1024;

    private final BackupArchiver archiver;

    BackupSpace(BackupArchiver archiver) {
        this.archiver = archiver;
    }

    /** The bytes a backup of a site with this folder and database size may need in the backups folder. */
    public static long needed(long folderBytes, long databaseBytes) {
        return folderBytes + 2 * databaseBytes + MARGIN;
    }

    /** Free bytes in the backups folder (or the nearest existing folder above it). */
    public long available() {
        Path directory = archiver.backupsDirectory();
        while (directory != null && !Files.exists(directory)) {
            directory = directory.getParent();
        }
        try {
            return Files.getFileStore(directory).getUsableSpace();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails with how much is needed and available when the backup would not fit. */
    public void check(long folderBytes, long databaseBytes) {
        long needed = needed(folderBytes, databaseBytes);
        long available = available();
        if (needed > available) {
            throw new NotEnoughSpaceException("Not enough free space for the backup in " + archiver.backupsDirectory()
                    + ": it needs about " + HumanSize.format(needed) + " (site folder " + HumanSize.format(folderBytes)
                    + ", database " + HumanSize.format(databaseBytes) + " counted twice as the dump is spooled before it"
                    + " goes into the archive, and " + HumanSize.format(MARGIN) + " to spare), but only "
                    + HumanSize.format(available) + " is available.", needed, available);
        }
    }

    /** The bytes of the regular files under {@code directory}, links not followed. */
    public static long folderSize(Path directory) {
        long[] total = {0};
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        total[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return total[0];
    }
}
