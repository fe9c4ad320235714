package dev.bosun.site.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupArchiver;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupService;
import dev.bosun.backup.BackupSpace;
import dev.bosun.backup.BackupVerifier;
import dev.bosun.backup.DatabaseDump;
import dev.bosun.backup.HumanSize;
import dev.bosun.backup.NewBackup;
import dev.bosun.backup.PendingArchive;
import dev.bosun.backup.SiteFolder;
import dev.bosun.server.Command;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.LineSink;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * A site's backup: its folder (read locally, or as a tar stream from a remote web server) and a
 * streamed dump of its database, in one archive on the master, recorded and then verified.
 */
@Component
class SiteBackups {

    private static final Duration TAR_TIMEOUT = Duration.ofHours(6);

    private final SiteOperations operations;
    private final BackupArchiver archiver;
    private final BackupService backups;
    private final BackupVerifier verifier;
    private final BackupSpace space;
    private final SiteJournal journal;

    SiteBackups(SiteOperations operations, BackupArchiver archiver, BackupService backups, BackupVerifier verifier,
                BackupSpace space, SiteJournal journal) {
        this.operations = operations;
        this.archiver = archiver;
        this.backups = backups;
        this.verifier = verifier;
        this.space = space;
        this.journal = journal;
    }

    /**
     * Writes, commits and records the backup. Before the archive gets its final name the step journals it
     * ({@link SiteJournal#archive}), so that a node that dies between the name and the record leaves nothing
     * unrecorded: the recovery's undo removes it. Once recorded the entry is kept: no rollback removes a backup.
     */
    BackupInfo backup(SiteContext context, BackupKind kind, String description, long taskId, TaskRun.StepContext log)
            throws Exception {
        DbCredentials credentials = operations.credentials(context);
        if (credentials == null) {
            throw new IllegalStateException("The site has no database recorded, so there is nothing to back up.");
        }
        log.secret(credentials.password());
        String folder = context.layout().siteDirectory();
        if (context.shell().isLocal()) {
            space.check(BackupSpace.folderSize(Path.of(folder)), 0);
        }
        DatabaseDump dump = out -> context.db().dump(credentials, out, log);
        BackupInfo recorded;
        try (PendingArchive pending = context.shell().isLocal()
                ? archiver.write(context.domain(), taskId, SiteFolder.local(Path.of(folder)), dump)
                : remote(context, folder, dump, taskId, log)) {
            pending.warnings().forEach(log::warning);
            JournalEntry entry = journal.archive(log, pending.finalName());
            BackupArchive archive = pending.commit();
            entry.done();
            recorded = backups.recordOrRemove(new NewBackup(context.site().id(), taskId, kind, description, archive));
            entry.keep();
        }
        var verification = verifier.verify(recorded);
        if (!verification.valid()) {
            backups.delete(recorded.id());
            throw new IllegalStateException("The new backup failed its check and was removed: " + verification.reason());
        }
        log.ok("Backup " + recorded.fileName() + " (" + HumanSize.format(recorded.size())
                + ", sha256 " + recorded.sha256().substring(0, 12) + "…) written and checked");
        return recorded;
    }

    /** The archive of a remote site directory, committed by the caller only once the remote tar exited 0. */
    private PendingArchive remote(SiteContext context, String folder, DatabaseDump dump, long taskId, TaskLogger log)
            throws IOException {
        // an OS pipe, not PipedInputStream: that one fails a read with "Write end dead" once the thread that
        // wrote last (the command's output pump) has ended, even before the writing side is closed
        Pipe pipe = Pipe.open();
        InputStream tar = Channels.newInputStream(pipe.source());
        OutputStream sink = Channels.newOutputStream(pipe.sink());
        CompletableFuture<Integer> pull = CompletableFuture.supplyAsync(() -> {
            try (sink) {
                return context.shell().exec(Command.of("tar", "-c", "-C", folder, "."), null, sink,
                        LineSink.of(log), TAR_TIMEOUT);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        try (InputStream in = tar) {
            PendingArchive pending = archiver.write(context.domain(), taskId, SiteFolder.tarStream(in), dump);
            int exit;
            try {
                exit = pull.join();
            } catch (RuntimeException failed) {
                pending.close();
                throw failed;
            }
            if (exit != 0) {
                pending.close();
                throw new IllegalStateException("tar on " + context.web().name() + " failed (exit " + exit + ")");
            }
            return pending;
        }
    }
}
