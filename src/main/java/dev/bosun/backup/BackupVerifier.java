package dev.bosun.backup;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import dev.bosun.backup.internal.ArchivePaths;
import dev.bosun.backup.internal.ReadAheadInputStream;
import dev.bosun.backup.internal.TailInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.springframework.stereotype.Component;

/**
 * Checks a backup before it is trusted, in one read of the file: the sha256 equals the record,
 * the gzip data is complete and its checksums hold, the tar is read to its end marker, every
 * entry name is safe, and {@code database.sql} is at the top level.
 */
@Component
public class BackupVerifier {

    private static final int TAR_END_MARKER = 1024;

    public Verification verify(BackupInfo backup) {
        return verify(backup.path(), backup.sha256());
    }

    /** Verifies the archive; {@code expectedSha256} null skips the checksum comparison (a fresh archive). */
    public Verification verify(Path archive, String expectedSha256) {
        if (!Files.isRegularFile(archive)) {
            return Verification.failed("The backup file " + archive + " does not exist.");
        }
        MessageDigest digest = ArchiveWriter.newSha256();
        Reading reading = new Reading();
        String damage = null;
        // Reading and hashing run ahead on a second thread while this one inflates. The buffer goes
        // outside the digest: the gzip reader marks and resets, which must not count twice.
        try (InputStream file = new BufferedInputStream(new ReadAheadInputStream(
                new DigestInputStream(Files.newInputStream(archive), digest), 1 << 18, 8, "backup-verify"), 1 << 16)) {
            damage = read(file, reading);
            file.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            return Verification.failed("The backup file " + archive + " does not exist.");
        } catch (IOException e) {
            return Verification.failed("The backup file " + archive + " cannot be read: " + e.getMessage());
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
            return Verification.failed("The checksum does not match the record (expected " + expectedSha256
                    + ", the file has " + actual + "): the file was changed or damaged after it was written."
                    + (damage != null ? " " + damage : ""));
        }
        if (damage != null) {
            return Verification.failed(damage);
        }
        if (!reading.databaseSql) {
            return Verification.failed("The archive has no database.sql at its top level.");
        }
        return new Verification(true, null, reading.entries, reading.databaseBytes, actual);
    }

    private static String read(InputStream file, Reading reading) {
        try {
            GzipCompressorInputStream gzip = new GzipCompressorInputStream(file, true);
            TailInputStream tarBytes = new TailInputStream(gzip, TAR_END_MARKER);
            TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, "UTF-8");
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                reading.entries++;
                String name = ArchivePaths.normalize(entry.getName());
                checkKind(name, entry);
                long bytes = tar.transferTo(java.io.OutputStream.nullOutputStream());
                if (name.equals(BackupArchiver.DATABASE_SQL) && entry.isFile()) {
                    reading.databaseSql = true;
                    reading.databaseBytes = bytes;
                }
            }
            tarBytes.transferTo(java.io.OutputStream.nullOutputStream());
            if (tarBytes.count() % 512 != 0 || !tarBytes.endsWithZeros()) {
                return "The archive is truncated: the tar end-of-archive marker is missing.";
            }
            return null;
        } catch (ArchivePaths.UnsafeEntryException e) {
            return "The archive has an unsafe entry: " + e.getMessage() + ".";
        } catch (EOFException e) {
            return "The archive is truncated: the compressed data ends early (" + e.getMessage() + ").";
        } catch (IOException | RuntimeException e) {
            return "The archive is damaged: " + describe(e) + ".";
        }
    }

    /** The same refusals as the unpacker's, so a verified archive also unpacks. */
    private static void checkKind(String name, TarArchiveEntry entry) {
        if (entry.isCharacterDevice() || entry.isBlockDevice() || entry.isFIFO()) {
            throw new ArchivePaths.UnsafeEntryException("the entry '" + name + "' is a device file or pipe");
        }
        if (entry.isSymbolicLink() && !ArchivePaths.linkStaysInside(name, entry.getLinkName())) {
            throw new ArchivePaths.UnsafeEntryException("the link '" + name + "' points outside the folder (to '"
                    + entry.getLinkName() + "')");
        }
        if (entry.isLink()) {
            ArchivePaths.normalize(entry.getLinkName());
        }
    }

    static String describe(Exception e) {
        String message = e.getMessage();
        if (message != null && message.toLowerCase(java.util.Locale.ROOT).contains("truncated")) {
            return message + " (the file ends early)";
        }
        return message != null ? message : e.getClass().getSimpleName();
    }

    private static final class Reading {
        int entries;
        boolean databaseSql;
        long databaseBytes;
    }
}
