package dev.bosun.backup;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

import dev.bosun.Failures;
import dev.bosun.backup.internal.ArchivePaths;
import dev.bosun.backup.internal.DatabaseIndex;
import dev.bosun.backup.internal.FileRangeInputStream;
import dev.bosun.backup.internal.ReadAheadInputStream;
import dev.bosun.backup.internal.TailInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Unpacks an archive whose index names where database.sql begins ({@link DatabaseIndex}) in two
 * parts at once: the site's files on a thread of their own, database.sql into the reader on the
 * caller's thread, so the import (the slow part) runs while the files are written. The two parts
 * are held to what one pass would check: the files' part ends on a tar record where database.sql
 * begins, and database.sql is the last entry, followed by the end-of-archive marker. When either
 * part fails, the other is stopped at its next read.
 */
final class ConcurrentUnpack {

    private static final int BUFFER = 1 << 16;
    private static final int TAR_END_MARKER = 1024;

    private final FileChannel channel;
    private final long databaseOffset;
    private final Extraction extraction;
    private volatile boolean filesFailed;
    private volatile boolean databaseFailed;

    private record DatabasePart(TailInputStream tarBytes, TarArchiveInputStream tar) {
    }

    private ConcurrentUnpack(FileChannel channel, long databaseOffset, Extraction extraction) {
        this.channel = channel;
        this.databaseOffset = databaseOffset;
        this.extraction = extraction;
    }

    /**
     * Unpacks the archive if it has an index whose part begins with database.sql; false (nothing
     * done) otherwise, and the caller reads the archive in one pass.
     */
    static boolean unpack(Path archive, Extraction extraction) throws IOException {
        try (FileChannel channel = FileChannel.open(archive, StandardOpenOption.READ)) {
            OptionalLong offset = DatabaseIndex.read(channel);
            return offset.isPresent() && new ConcurrentUnpack(channel, offset.getAsLong(), extraction).run();
        }
    }

    private boolean run() throws IOException {
        DatabasePart database = openDatabasePart();
        if (database == null) {
            return false;
        }
        extraction.expectDatabaseElsewhere();
        FutureTask<Void> files = new FutureTask<>(() -> {
            readFiles();
            return null;
        });
        Thread thread = new Thread(files, "backup-unpack-files");
        thread.setDaemon(true);
        thread.start();
        Throwable databaseFailure = null;
        try (TarArchiveInputStream tar = database.tar()) {
            readDatabase(database);
        } catch (Throwable e) {
            databaseFailed = true;
            databaseFailure = e;
        }
        Throwable filesFailure = outcome(files);
        if (filesFailure != null && !stopped(filesFailure)) {
            if (databaseFailure != null) {
                filesFailure.addSuppressed(databaseFailure);
            }
            throw Failures.rethrown(filesFailure);
        }
        if (databaseFailure != null) {
            throw Failures.rethrown(databaseFailure);
        }
        return true;
    }

    /** The database part, positioned in database.sql; null when it does not begin with that entry. */
    private DatabasePart openDatabasePart() {
        try {
            InputStream part = new BufferedInputStream(new FileRangeInputStream(channel, databaseOffset,
                    channel.size(), () -> filesFailed, "the site's files could not be unpacked"), BUFFER);
            TailInputStream tarBytes = new TailInputStream(new GzipCompressorInputStream(part, true), TAR_END_MARKER);
            TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, "UTF-8");
            TarArchiveEntry first = tar.getNextEntry();
            if (first != null && first.isFile()
                    && ArchivePaths.normalize(first.getName()).equals(BackupArchiver.DATABASE_SQL)) {
                return new DatabasePart(tarBytes, tar);
            }
        } catch (IOException | RuntimeException e) {
            // not what the index promised: the archive is read in one pass, with all its checks
        }
        return null;
    }

    private void readDatabase(DatabasePart database) throws IOException {
        extraction.readDatabase(database.tar());
        if (database.tar().getNextEntry() != null) {
            throw new BackupArchiveException("The archive has entries after database.sql. Nothing was unpacked.");
        }
        database.tarBytes().transferTo(OutputStream.nullOutputStream());
        if (database.tarBytes().count() % 512 != 0 || !database.tarBytes().endsWithZeros()) {
            throw new BackupArchiveException("The archive is truncated: the tar end-of-archive marker is missing. "
                    + "Nothing was unpacked.");
        }
    }

    private void readFiles() throws IOException {
        InputStream part = new BufferedInputStream(new FileRangeInputStream(channel, 0, databaseOffset,
                () -> databaseFailed, "the import of database.sql failed"), BUFFER);
        TailInputStream tarBytes = new TailInputStream(new ReadAheadInputStream(
                new GzipCompressorInputStream(part, true), 1 << 18, 8, "backup-unpack"), TAR_END_MARKER);
        try (TarArchiveInputStream tar = new TarArchiveInputStream(tarBytes, "UTF-8")) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                extraction.extract(entry, tar);
            }
            tarBytes.transferTo(OutputStream.nullOutputStream());
            if (tarBytes.count() % 512 != 0) {
                throw new BackupArchiveException("The archive is damaged: its files do not end where database.sql "
                        + "begins. Nothing was unpacked.");
            }
        } catch (IOException | RuntimeException e) {
            filesFailed = true;
            throw e;
        }
    }

    /** The files part's failure, or null; an interrupted caller stops that part and still waits for it to end. */
    private Throwable outcome(FutureTask<Void> files) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    files.get();
                    return null;
                } catch (ExecutionException e) {
                    return e.getCause();
                } catch (InterruptedException e) {
                    interrupted = true;
                    databaseFailed = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while unpacking");
            }
        }
    }

    /** Whether the failure only says that this part was stopped because the other failed. */
    private static boolean stopped(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileRangeInputStream.Stopped) {
                return true;
            }
        }
        return false;
    }
}
