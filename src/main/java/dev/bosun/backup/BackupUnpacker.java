package dev.bosun.backup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import dev.bosun.backup.internal.ArchivePaths;
import dev.bosun.backup.internal.ReadAheadInputStream;
import dev.bosun.backup.internal.TailInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.springframework.stereotype.Component;

/**
 * Unpacks a backup into a new, empty folder, safely: entries with absolute paths or {@code ..},
 * links that lead outside the folder, writes through links and device files are refused. The
 * {@code database.sql} is handed to the caller as a stream (for the import) instead of being
 * written. A refused or damaged archive leaves nothing behind: the folder is emptied again.
 */
@Component
public class BackupUnpacker {

    /**
     * Reads the archive's database.sql (e.g. pipes it into {@code mariadb}); the stream ends with
     * the entry. It is called on the thread that called {@link #unpack}, while the files are being
     * written when the archive has an index (see docs/adr/0008), else after them.
     */
    @FunctionalInterface
    public interface DatabaseSqlReader {
        void read(InputStream sql) throws Exception;
    }

    /**
     * Unpacks {@code archive} into {@code target} (created if missing, must be empty). With a
     * {@code databaseSql} reader the dump is streamed to it; with null it is written as a file.
     * An archive that names where its database.sql begins is read in two parts at once, so that
     * the import runs while the files are written; any other in one pass.
     */
    public Unpacked unpack(Path archive, Path target, DatabaseSqlReader databaseSql) {
        boolean created = prepare(target);
        try (Extraction extraction = new Extraction(target.toRealPath(), databaseSql)) {
            if (databaseSql == null || !ConcurrentUnpack.unpack(archive, extraction)) {
                readAll(archive, extraction);
            }
            extraction.finish();
            if (!extraction.databaseSqlSeen()) {
                throw new BackupArchiveException("The archive has no database.sql at its top level.");
            }
            return extraction.result();
        } catch (ArchivePaths.UnsafeEntryException e) {
            clean(target, created);
            throw new BackupArchiveException("The archive has an unsafe entry: " + e.getMessage()
                    + ". Nothing was unpacked.", e);
        } catch (BackupArchiveException e) {
            clean(target, created);
            throw e;
        } catch (EOFException e) {
            clean(target, created);
            throw new BackupArchiveException("The archive is truncated: the compressed data ends early. Nothing was unpacked.", e);
        } catch (IOException e) {
            clean(target, created);
            throw new BackupArchiveException("Unpacking " + archive.getFileName() + " failed: "
                    + BackupVerifier.describe(e) + ". Nothing was unpacked.", e);
        }
    }

    private static void readAll(Path archive, Extraction extraction) throws IOException {
        try (InputStream file = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            TailInputStream tarBytes = new TailInputStream(new ReadAheadInputStream(
                    new GzipCompressorInputStream(file, true), 1 << 18, 8, "backup-unpack"), 1024);
            try (TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, "UTF-8")) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    extraction.extract(entry, tar);
                }
                tarBytes.transferTo(java.io.OutputStream.nullOutputStream());
                if (tarBytes.count() % 512 != 0 || !tarBytes.endsWithZeros()) {
                    throw new BackupArchiveException("The archive is truncated: the tar end-of-archive marker is "
                            + "missing. Nothing was unpacked.");
                }
            }
        }
    }

    private static boolean prepare(Path target) {
        try {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) || !isEmpty(target)) {
                    throw new BackupArchiveException("The folder " + target
                            + " is not empty: a backup is only unpacked into a new, empty folder.");
                }
                return false;
            }
            Files.createDirectories(target);
            return true;
        } catch (IOException e) {
            throw new BackupArchiveException("Cannot create the folder " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isEmpty(Path directory) throws IOException {
        try (Stream<Path> children = Files.list(directory)) {
            return children.findAny().isEmpty();
        }
    }

    /** Removes what was unpacked (never following links), and the folder itself if it was made here. */
    private static void clean(Path target, boolean created) {
        try {
            Folders.deleteTree(target, !created);
        } catch (DirectoryNotEmptyException | java.nio.file.NoSuchFileException ignored) {
            // nothing (more) to remove
        } catch (IOException e) {
            throw new BackupArchiveException("The archive was refused, and removing what was unpacked into " + target
                    + " failed too: " + e.getMessage(), e);
        }
    }
}
