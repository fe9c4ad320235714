package dev.bosun.site.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import dev.bosun.BosunProperties;
import dev.bosun.TaskFiles;
import dev.bosun.backup.BackupArchiveException;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupService;
import dev.bosun.backup.BackupUnpacker;
import dev.bosun.backup.BackupVerifier;
import dev.bosun.backup.Folders;
import dev.bosun.backup.HumanSize;
import dev.bosun.backup.Unpacked;
import dev.bosun.backup.Verification;
import dev.bosun.server.Command;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.LineSink;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.task.TaskLogger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Deploys a backup archive as a site (Aegir's provision-deploy): checks the archive, unpacks its site
 * folder into a new directory on the target's web server, creates a new database and a new user on the
 * target's db service and imports the archive's {@code database.sql} into it. Restore, migrate and clone
 * use it; restore runs the phases as steps of its own, the others call {@link #deploy} at once.
 * The database dump waits between unpack and import in a 0600 file in the task's 0700 directory
 * {@code <home>/tmp/task<id>/}.
 */
@Component
class SiteDeployer {

    private static final Duration SHELL_TIMEOUT = Duration.ofMinutes(30);
    /** Removes a directory that may hold read-only folders (Drupal makes the site folder 0555); never follows a link. */
    static final String REMOVE_DIRECTORY = "[ -e \"$1\" ] || [ -L \"$1\" ] || exit 0; "
            + "[ -L \"$1\" ] || chmod -R u+w -- \"$1\"; rm -rf -- \"$1\"";

    private final BackupVerifier verifier;
    private final BackupUnpacker unpacker;
    private final Path tempDir;
    /** Checks recorded backups, marking a damaged one; null: checked by the verifier alone, nothing marked. */
    private final BackupService records;

    @Autowired
    SiteDeployer(BackupVerifier verifier, BackupUnpacker unpacker, BosunProperties properties, BackupService records) {
        this(verifier, unpacker, properties.homeDir().resolve("tmp"), records);
    }

    SiteDeployer(BackupVerifier verifier, BackupUnpacker unpacker, Path tempDir) {
        this(verifier, unpacker, tempDir, null);
    }

    private SiteDeployer(BackupVerifier verifier, BackupUnpacker unpacker, Path tempDir, BackupService records) {
        this.verifier = verifier;
        this.unpacker = unpacker;
        this.tempDir = tempDir;
        this.records = records;
    }

    /** A site folder unpacked into its target directory, its database dump waiting in a 0600 file. */
    record UnpackedFolder(DeployTarget target, Path databaseSql) {

        /** Deletes the waiting dump; harmless when it is gone. */
        void discardDump() {
            try {
                Files.deleteIfExists(databaseSql);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not delete the unpacked database dump " + databaseSql, e);
            }
        }
    }

    /** Deploys a recorded backup, its checksum checked against the record (a failure marks it damaged). */
    Deployed deploy(BackupInfo backup, DeployTarget target, TaskLogger log) {
        return deploy(backup, target, newCredentials(target, log), log);
    }

    /** Deploys an archive without a recorded checksum (its gzip and tar structure are still checked). */
    Deployed deploy(Path archive, DeployTarget target, TaskLogger log) {
        return deploy(archive, null, target, log);
    }

    /**
     * Check → unpack → new database and user → import (on the master in one pass, see deployStreaming).
     * On a failure everything this call created is removed again before the failure is rethrown.
     */
    Deployed deploy(Path archive, String expectedSha256, DeployTarget target, TaskLogger log) {
        return deploy(archive, expectedSha256, target, newCredentials(target, log), log);
    }

    /**
     * Deploys a recorded backup with the database and user {@code fresh} (from {@link #newCredentials}), its
     * checksum checked against the record (a failure marks it damaged).
     */
    Deployed deploy(BackupInfo backup, DeployTarget target, DbCredentials fresh, TaskLogger log) {
        check(backup, log);
        return deployChecked(backup.path(), target, fresh, log);
    }

    /**
     * As {@link #deploy(Path, String, DeployTarget, TaskLogger)}, creating the database and user {@code fresh}
     * chosen beforehand, so that a task can journal them before they exist.
     */
    Deployed deploy(Path archive, String expectedSha256, DeployTarget target, DbCredentials fresh, TaskLogger log) {
        check(archive, expectedSha256, log);
        return deployChecked(archive, target, fresh, log);
    }

    private Deployed deployChecked(Path archive, DeployTarget target, DbCredentials fresh, TaskLogger log) {
        if (target.shell().isLocal()) {
            return deployStreaming(archive, target, fresh, log);
        }
        UnpackedFolder folder = unpack(archive, target, log);
        DbCredentials credentials = null;
        try {
            credentials = createDatabase(target, fresh, log);
            importDump(folder, credentials, log);
            return new Deployed(target, credentials);
        } catch (RuntimeException failed) {
            removeDeployment(target, credentials, log);
            throw failed;
        } finally {
            folder.discardDump();
        }
    }

    /**
     * On the master: the new database first, then one pass over the archive in which the site folder is
     * written while {@code database.sql} streams straight into the import (no copy of the dump on disk).
     */
    private Deployed deployStreaming(Path archive, DeployTarget target, DbCredentials fresh, TaskLogger log) {
        requireAbsent(target);
        DbCredentials credentials = createDatabase(target, fresh, log);
        try {
            Unpacked unpacked = unpacker.unpack(archive, Path.of(target.directory()),
                    sql -> target.db().importDump(credentials, sql, log));
            log.ok("Site folder unpacked into " + target.directory() + " (" + unpacked.files() + " files, "
                    + HumanSize.format(unpacked.bytes()) + "), database dump imported into " + credentials.database());
            return new Deployed(target, credentials);
        } catch (RuntimeException failed) {
            removeDeployment(target, credentials, log);
            throw failed;
        }
    }

    private void removeDeployment(DeployTarget target, DbCredentials credentials, TaskLogger log) {
        log.warning("The deploy to " + target.directory() + " failed; removing what it created.");
        removeQuietly("the directory " + target.directory(), () -> removeDirectory(target, log), log);
        if (credentials != null) {
            removeQuietly("the database " + credentials.database(), () -> removeDatabase(target, credentials, log), log);
        }
    }

    /**
     * Deploys only the archive's database, for a site whose directory stays where it is (a migrate that
     * moves just the database): check → the dump taken out of the archive (its site folder unpacked into a
     * private staging folder on the master and dropped) → new database and user → import. On a failure
     * the new database and user are removed again before the failure is rethrown.
     */
    DbCredentials deployDatabase(BackupInfo backup, DeployTarget target, TaskLogger log) {
        return deployDatabase(backup, target, newCredentials(target, log), log);
    }

    /** As {@link #deployDatabase(BackupInfo, DeployTarget, TaskLogger)}, creating the database and user {@code fresh}. */
    DbCredentials deployDatabase(BackupInfo backup, DeployTarget target, DbCredentials fresh, TaskLogger log) {
        check(backup, log);
        Path dump = privateFile(target, "deploy-", ".sql");
        Path staging = privateDirectory(target, "deploy-");
        try {
            unpacker.unpack(backup.path(), staging.resolve("site"), sql -> spool(sql, dump));
            deleteTree(staging);
            DbCredentials credentials = createDatabase(target, fresh, log);
            try {
                importDump(new UnpackedFolder(target, dump), credentials, log);
            } catch (RuntimeException failed) {
                removeQuietly("the database " + credentials.database(), () -> removeDatabase(target, credentials, log),
                        log);
                throw failed;
            }
            return credentials;
        } finally {
            deleteTree(staging);
            deleteQuietly(dump);
        }
    }

    /**
     * Copies a live database into a new one on the target's db service, for a migrate whose site is in
     * maintenance: the dump of {@code source} streams straight into the import of the new database and user
     * {@code fresh} (no copy of the dump on disk). A dump that fails fails the copy even when the import took what
     * came before; on a failure the new database and user are removed again before the failure is rethrown.
     */
    DbCredentials copyDatabase(DatabaseDriver source, DbCredentials from, DeployTarget target, DbCredentials fresh,
                               TaskLogger log) {
        log.secret(from.password());
        DbCredentials credentials = createDatabase(target, fresh, log);
        try {
            Pipe pipe = Pipe.open();
            CompletableFuture<Void> dump = CompletableFuture.runAsync(() -> {
                try (OutputStream out = Channels.newOutputStream(pipe.sink())) {
                    source.dump(from, out, log);
                } catch (IOException e) {
                    throw new UncheckedIOException("Could not stream the dump of " + from.database(), e);
                }
            });
            try (InputStream in = Channels.newInputStream(pipe.source())) {
                target.db().importDump(credentials, in, log);
            } catch (RuntimeException | IOException failed) {
                dump.exceptionally(ignored -> null).join();
                throw failed;
            }
            dump.join();
        } catch (IOException failed) {
            removeQuietly("the database " + credentials.database(), () -> removeDatabase(target, credentials, log), log);
            throw new UncheckedIOException("Could not copy the database " + from.database(), failed);
        } catch (RuntimeException failed) {
            removeQuietly("the database " + credentials.database(), () -> removeDatabase(target, credentials, log), log);
            throw failed instanceof CompletionException && failed.getCause() instanceof RuntimeException cause
                    ? cause : failed;
        }
        log.ok("Database " + from.database() + " copied into " + credentials.database() + " on "
                + target.db().service().host());
        return credentials;
    }

    /**
     * Checks a recorded backup as {@link #check(Path, String, TaskLogger)} does; one that is damaged already, or
     * fails now, is refused, and a failing one is marked damaged so that it is no longer offered for restore.
     */
    Verification check(BackupInfo backup, TaskLogger log) {
        if (records == null) {
            return check(backup.path(), backup.sha256(), log);
        }
        if (backup.damaged()) {
            throw new BackupArchiveException("The backup " + backup.fileName() + " is refused: it is marked damaged ("
                    + backup.damage() + ").");
        }
        Verification verification = records.verify(backup);
        if (!verification.valid()) {
            throw new BackupArchiveException("The backup " + backup.fileName() + " is refused"
                    + (Files.isRegularFile(backup.path()) ? " and marked damaged" : "") + ": " + verification.reason());
        }
        log.ok("Backup " + backup.fileName() + " checked: its sha256 matches the record, " + verification.entries()
                + " entries, database dump of " + HumanSize.format(verification.databaseBytes()));
        return verification;
    }

    /**
     * Refuses an archive whose sha256 differs from {@code expectedSha256} (when given), or that is
     * truncated, damaged, unsafe or lacks its database.sql. Reads the whole file; changes nothing.
     */
    Verification check(Path archive, String expectedSha256, TaskLogger log) {
        Verification verification = verifier.verify(archive, expectedSha256);
        if (!verification.valid()) {
            throw new BackupArchiveException("The backup " + archive.getFileName() + " is refused: "
                    + verification.reason());
        }
        log.ok("Backup " + archive.getFileName() + " checked: " + (expectedSha256 != null
                ? "its sha256 matches the record, " : "") + verification.entries() + " entries, database dump of "
                + HumanSize.format(verification.databaseBytes()));
        return verification;
    }

    /**
     * Unpacks the archive's site folder into the target directory, which must not exist yet; the
     * database dump goes to a 0600 file for {@link #importDump}. On a remote web server the folder is
     * unpacked on the master first and pushed. On a failure nothing of it is left.
     */
    UnpackedFolder unpack(Path archive, DeployTarget target, TaskLogger log) {
        requireAbsent(target);
        Path dump = privateFile(target, "deploy-", ".sql");
        try {
            Unpacked unpacked = target.shell().isLocal()
                    ? unpacker.unpack(archive, Path.of(target.directory()), sql -> spool(sql, dump))
                    : unpackRemotely(archive, target, dump, log);
            log.ok("Site folder unpacked into " + target.directory() + " on " + target.shell().serverName() + " ("
                    + unpacked.files() + " files, " + HumanSize.format(unpacked.bytes()) + ")");
            return new UnpackedFolder(target, dump);
        } catch (RuntimeException failed) {
            deleteQuietly(dump);
            throw failed;
        }
    }

    /** A new database and a new user on the target's db service, named after its domain. */
    DbCredentials createDatabase(DeployTarget target, TaskLogger log) {
        return createDatabase(target, newCredentials(target, log), log);
    }

    /** Free names for a new database and user on the target's db service, and a new password; creates nothing. */
    DbCredentials newCredentials(DeployTarget target, TaskLogger log) {
        DbCredentials fresh = target.db().newCredentials(target.domain());
        log.secret(fresh.password());
        return fresh;
    }

    /** Creates the database and user {@code fresh} on the target's db service. */
    DbCredentials createDatabase(DeployTarget target, DbCredentials fresh, TaskLogger log) {
        log.secret(fresh.password());
        try {
            target.db().provision(fresh, target.clientHosts());
        } catch (RuntimeException failed) {
            removeQuietly("the database " + fresh.database(),
                    () -> target.db().deprovision(fresh, target.clientHosts()), log);
            throw failed;
        }
        log.ok("Database " + fresh.database() + " and user " + fresh.user() + " created on "
                + target.db().service().host());
        return fresh;
    }

    /** Streams the unpacked database dump into the new database, then deletes the dump file. */
    void importDump(UnpackedFolder folder, DbCredentials credentials, TaskLogger log) {
        try (InputStream in = Files.newInputStream(folder.databaseSql())) {
            folder.target().db().importDump(credentials, in, log);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the unpacked database dump", e);
        }
        folder.discardDump();
        log.ok("Database dump imported into " + credentials.database());
    }

    /** Takes a deployment away again: its database, user and directory, tolerating what is already gone. */
    void remove(Deployed deployed, TaskLogger log) {
        List<String> failures = new ArrayList<>();
        try {
            removeDatabase(deployed.target(), deployed.credentials(), log);
        } catch (RuntimeException failed) {
            failures.add(failed.getMessage());
        }
        try {
            removeDirectory(deployed.target(), log);
        } catch (RuntimeException failed) {
            failures.add(failed.getMessage());
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Could not remove all of the deployment: " + String.join("; ", failures));
        }
    }

    void removeDatabase(DeployTarget target, DbCredentials credentials, TaskLogger log) {
        log.secret(credentials.password());
        target.db().deprovision(credentials, target.clientHosts());
        log.ok("Database " + credentials.database() + " and user " + credentials.user() + " removed");
    }

    void removeDirectory(DeployTarget target, TaskLogger log) {
        target.shell().run(Command.script(REMOVE_DIRECTORY, target.directory()), LineSink.of(log), SHELL_TIMEOUT)
                .orThrow("Removing " + target.directory());
        log.ok("Directory " + target.directory() + " removed");
    }

    /**
     * Unpacks on the master and pushes into a hidden staging directory beside the target, which becomes the target
     * in one rename once complete: a transfer cut off half-way leaves nothing at the site's path, and what it left
     * in staging is removed (when the server can still be reached).
     */
    private Unpacked unpackRemotely(Path archive, DeployTarget target, Path dump, TaskLogger log) {
        Path staging = privateDirectory(target, "deploy-");
        DeployTarget partial = target.into(partialDirectory(target.directory()));
        try {
            Unpacked unpacked = unpacker.unpack(archive, staging.resolve("site"), sql -> spool(sql, dump));
            try {
                target.shell().push(staging.resolve("site"), partial.directory());
                target.shell().run(Command.of("mv", "-T", "--", partial.directory(), target.directory()), log,
                        SHELL_TIMEOUT).orThrow("Moving the pushed site folder into place");
            } catch (RuntimeException failed) {
                log.error("The transfer to " + target.shell().serverName() + " failed: " + failed.getMessage());
                removeQuietly("the partial copy " + partial.directory(), () -> removeDirectory(partial, log), log);
                removeQuietly("the directory " + target.directory(), () -> removeDirectory(target, log), log);
                throw failed;
            }
            return unpacked;
        } finally {
            deleteTree(staging);
        }
    }

    private static String partialDirectory(String directory) {
        int slash = directory.lastIndexOf('/');
        return directory.substring(0, slash + 1) + "." + directory.substring(slash + 1) + ".partial-"
                + Long.toString(System.nanoTime(), 36);
    }

    /** Refuses a target directory that exists already: a deploy or a copy only goes into a new directory. */
    void requireAbsent(DeployTarget target) {
        boolean exists = target.shell().isLocal()
                ? Files.exists(Path.of(target.directory()), LinkOption.NOFOLLOW_LINKS)
                : !target.shell().run(Command.script("[ ! -e \"$1\" ] && [ ! -L \"$1\" ]", target.directory()),
                        LineSink.NONE, Duration.ofMinutes(1)).ok();
        if (exists) {
            throw new IllegalStateException("The directory " + target.directory() + " already exists on "
                    + target.shell().serverName() + "; a backup is only deployed into a new directory.");
        }
    }

    private static void spool(InputStream sql, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            sql.transferTo(out);
        }
    }

    /** The directory of a deploy's temporary files: the private directory of its task, if a task runs it. */
    private Path workDirectory(DeployTarget target) {
        OptionalLong task = TrackedProcesses.taskOf(target.shell());
        return task.isPresent() ? TaskFiles.taskDirectory(tempDir, task.getAsLong()) : TaskFiles.privateDirectory(tempDir);
    }

    private Path privateFile(DeployTarget target, String prefix, String suffix) {
        Path directory = workDirectory(target);
        try {
            return Files.createTempFile(directory, prefix, suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a private file in " + directory, e);
        }
    }

    private Path privateDirectory(DeployTarget target, String prefix) {
        Path directory = workDirectory(target);
        try {
            return Files.createTempDirectory(directory, prefix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create a private directory in " + directory, e);
        }
    }

    private static void removeQuietly(String what, Runnable removal, TaskLogger log) {
        try {
            removal.run();
        } catch (RuntimeException failed) {
            log.error("Could not remove " + what + ": " + failed.getMessage());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a 0600 file in the panel's own temp directory
        }
    }

    /** Deletes a staging folder on the master, read-only folders included, never following a link. */
    private static void deleteTree(Path root) {
        try {
            Folders.deleteTree(root, false);
        } catch (IOException ignored) {
            // staging in the panel's own temp directory; a leftover is harmless and private
        }
    }
}
