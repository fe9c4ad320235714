package dev.bosun.backup;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import dev.bosun.backup.internal.DatabaseIndex;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;

/**
 * Hand-made tar archives with the entries an attacker (or a broken tool) would put in them. Entries
 * have a fixed time, so two archives made of the same entries unpack to the same tree.
 */
final class HostileArchives {

    static final FileTime MODIFIED = FileTime.from(Instant.parse("2025-11-26T12:00:00Z"));

    private HostileArchives() {
    }

    @FunctionalInterface
    interface Entries {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    static byte[] tar(Entries entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(tar);
        }
        return bytes.toByteArray();
    }

    /** A gzipped tar; {@code finish} false leaves out the end-of-archive marker. */
    static Path tarGz(Path file, boolean finish, Entries entries) throws IOException {
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(file))) {
            TarArchiveOutputStream tar = new TarArchiveOutputStream(out, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            entries.write(tar);
            if (finish) {
                tar.finish();
            } else {
                tar.flush();
            }
        }
        return file;
    }

    static Path tarGz(Path file, Entries entries) throws IOException {
        return tarGz(file, true, entries);
    }

    /**
     * The layout Bosun writes: one tar stream whose parts are gzip members of their own (the last
     * part ends the tar), then the index naming where part {@code indexed} begins.
     */
    static Path indexedTarGz(Path file, int indexed, Entries... parts) throws IOException {
        ByteArrayOutputStream archive = new ByteArrayOutputStream();
        long offset = 0;
        for (int i = 0; i < parts.length; i++) {
            ByteArrayOutputStream tarBytes = new ByteArrayOutputStream();
            TarArchiveOutputStream tar = new TarArchiveOutputStream(tarBytes, TarConstants.DEFAULT_RCDSIZE, "UTF-8");
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            parts[i].write(tar);
            if (i == parts.length - 1) {
                tar.finish();
            }
            if (i == indexed) {
                offset = archive.size();
            }
            try (OutputStream member = new GzipCompressorOutputStream(CloseShieldOutputStream.wrap(archive))) {
                member.write(tarBytes.toByteArray());
            }
        }
        archive.write(DatabaseIndex.trailer(offset));
        Files.write(file, archive.toByteArray());
        return file;
    }

    /** The site's files, then database.sql on its own, indexed: as the archiver writes a backup. */
    static Path indexedTarGz(Path file, Entries files, String databaseSql) throws IOException {
        return indexedTarGz(file, 1, files, tar -> file(tar, "database.sql", databaseSql));
    }

    static void file(TarArchiveOutputStream tar, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL, true);
        entry.setSize(data.length);
        entry.setMode(0644);
        entry.setModTime(MODIFIED);
        tar.putArchiveEntry(entry);
        tar.write(data);
        tar.closeArchiveEntry();
    }

    static void directory(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_DIR, true);
        entry.setMode(0755);
        entry.setModTime(MODIFIED);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    static void link(TarArchiveOutputStream tar, String name, byte type, String target) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setLinkName(target);
        entry.setModTime(MODIFIED);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    static void device(TarArchiveOutputStream tar, String name) throws IOException {
        TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
        entry.setDevMajor(1);
        entry.setDevMinor(3);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }
}
