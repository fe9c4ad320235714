package dev.bosun.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

import dev.bosun.BosunProperties;
import dev.bosun.TaskFiles;
import dev.bosun.server.Names;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Writes a site's backup: one {@code <domain>-<yyyyMMdd.HHmmss>.tar.gz} in {@code <home>/backups}
 * holding the site folder's files at the top level and the database dump as {@code database.sql}
 * (Aegir's layout). Files are streamed into the archive while the dump is spooled to a temporary
 * file beside it on a second thread; the dump goes in last, in gzip members of its own that an
 * index at the end points to (see docs/adr/0008). Size and sha256 are computed while writing; the
 * archive gets its final name only when complete.
 */
@Service
public class BackupArchiver {

    public static final String DATABASE_SQL = "database.sql";
    public static final String EXTENSION = ".tar.gz";
    /** The suffixes of an archive being written and of its spooled dump; both names start with a dot. */
    static final String PART_SUFFIX = ".tar.gz.part";
    static final String SPOOL_SUFFIX = ".sql.part";
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd.HHmmss").withZone(ZoneOffset.UTC);

    private final Path backupsDirectory;
    private final Clock clock;
    private final Supplier<ArchiveSettings> settings;

    @Autowired
    BackupArchiver(BosunProperties properties, Clock clock, BackupSettingsStore store) {
        this(properties.homeDir().resolve("backups"), clock, store::archiveSettings);
    }

    private BackupArchiver(Path backupsDirectory, Clock clock, Supplier<ArchiveSettings> settings) {
        this.backupsDirectory = backupsDirectory.toAbsolutePath().normalize();
        this.clock = clock;
        this.settings = settings;
    }

    /** An archiver outside the panel (benchmarks, tools), writing into {@code backupsDirectory}. */
    public static BackupArchiver standalone(Path backupsDirectory, Clock clock, ArchiveSettings settings) {
        return new BackupArchiver(backupsDirectory, clock, () -> settings);
    }

    public Path backupsDirectory() {
        return backupsDirectory;
    }

    /** Writes and commits the archive, with the compression settings of the panel. */
    public BackupArchive create(String domain, SiteFolder folder, DatabaseDump dump) {
        try (PendingArchive pending = write(domain, folder, dump)) {
            return pending.commit();
        }
    }

    /**
     * Writes and commits the archive of task {@code taskId}: its temporary files carry the task's marker
     * ({@link TaskFiles}), so that a sweep removes them when the task died while writing.
     */
    public BackupArchive create(String domain, long taskId, SiteFolder folder, DatabaseDump dump) {
        try (PendingArchive pending = write(domain, folder, dump, settings.get(), taskId)) {
            return pending.commit();
        }
    }

    /**
     * Writes the archive of task {@code taskId} under a temporary name carrying the task's marker; the caller
     * commits it (or closes it to throw it away).
     */
    public PendingArchive write(String domain, long taskId, SiteFolder folder, DatabaseDump dump) {
        return write(domain, folder, dump, settings.get(), taskId);
    }

    /** Writes the archive under a temporary name; the caller commits it (or closes it to throw it away). */
    public PendingArchive write(String domain, SiteFolder folder, DatabaseDump dump) {
        return write(domain, folder, dump, settings.get());
    }

    public PendingArchive write(String domain, SiteFolder folder, DatabaseDump dump, ArchiveSettings archiveSettings) {
        return write(domain, folder, dump, archiveSettings, null);
    }

    private PendingArchive write(String domain, SiteFolder folder, DatabaseDump dump, ArchiveSettings archiveSettings,
                                 Long taskId) {
        requireDomain(domain);
        Path directory = ensureDirectory();
        Instant createdAt = clock.instant();
        String baseName = domain + "-" + STAMP.format(createdAt);
        String tempName = baseName + (taskId == null ? "" : "_" + TaskFiles.marker(taskId) + "_");
        Path archive = privateTempFile(directory, tempName, PART_SUFFIX);
        Path spool = privateTempFile(directory, tempName, SPOOL_SUFFIX);
        DumpJob dumpJob = DumpJob.start(dump, spool, domain);
        try (ArchiveWriter writer = new ArchiveWriter(archive, archiveSettings)) {
            addFolder(writer, folder);
            dumpJob.await();
            writer.addDatabase(spool, createdAt);
            writer.finish();
            return new PendingArchive(archive, directory, baseName, writer.size(), writer.sha256(), createdAt,
                    writer.entries(), writer.databaseBytes(), writer.warnings());
        } catch (IOException | RuntimeException e) {
            deleteQuietly(archive);
            throw e instanceof BackupFailedException failed ? failed
                    : new BackupFailedException("Writing the backup of " + domain + " failed: " + e.getMessage(), e);
        } finally {
            dumpJob.cancel();
            deleteQuietly(spool);
        }
    }

    private static void addFolder(ArchiveWriter writer, SiteFolder folder) throws IOException {
        if (folder instanceof SiteFolder.Local local) {
            writer.addDirectoryTree(local.directory());
        } else if (folder instanceof SiteFolder.TarStream stream) {
            writer.addTarStream(stream.tar());
        }
    }

    static void requireDomain(String domain) {
        Names.domainProblem(domain).ifPresent(problem -> {
            throw new IllegalArgumentException("'" + domain + "' is not a domain name a backup can be named after: "
                    + problem + ".");
        });
    }

    private Path ensureDirectory() {
        try {
            if (!Files.isDirectory(backupsDirectory)) {
                Files.createDirectories(backupsDirectory,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            return backupsDirectory;
        } catch (IOException e) {
            throw new BackupFailedException("Cannot create the backups folder " + backupsDirectory + ": " + e.getMessage(), e);
        }
    }

    private static Path privateTempFile(Path directory, String baseName, String suffix) {
        try {
            return Files.createTempFile(directory, "." + baseName + "-", suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new BackupFailedException("Cannot write in the backups folder " + directory + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover temporary file starts with a dot and is found by the next clean-up
        }
    }
}
