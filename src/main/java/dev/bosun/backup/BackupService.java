package dev.bosun.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.bosun.account.AuditLog;
import dev.bosun.backup.internal.BackupStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The backup records of the sites, over the {@code backups} table, and their archive files. */
@Service
public class BackupService {

    public static final String NO_VALID_BACKUPS = "There are no valid backups available.";
    static final DateTimeFormatter LABEL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** What a file left by a failed record is renamed to when it cannot be deleted; the sweep removes it. */
    public static final String UNRECORDED_SUFFIX = ".unrecorded";

    private final BackupStore store;
    private final AuditLog auditLog;
    private final BackupVerifier verifier;
    private final Clock clock;

    BackupService(BackupStore store, AuditLog auditLog, BackupVerifier verifier, Clock clock) {
        this.store = store;
        this.auditLog = auditLog;
        this.verifier = verifier;
        this.clock = clock;
    }

    @Transactional
    public BackupInfo record(NewBackup backup) {
        return store.save(backup);
    }

    /**
     * Records a finished archive, or removes it: an archive is never left without its record. When the record
     * cannot be written (the panel's database unreachable, the site gone) the archive is deleted, or, when even
     * that fails, renamed to a hidden {@code .<name>.unrecorded} that the leftover sweep removes; the failure is
     * rethrown saying which.
     */
    public BackupInfo recordOrRemove(NewBackup backup) {
        try {
            return store.save(backup);
        } catch (RuntimeException failed) {
            throw new BackupFailedException("The backup could not be recorded (" + failed.getMessage() + "); "
                    + removeUnrecorded(backup.archive().path()), failed);
        }
    }

    private static String removeUnrecorded(Path archive) {
        try {
            Files.deleteIfExists(archive);
            return "its archive " + archive.getFileName() + " was deleted.";
        } catch (IOException deleteFailed) {
            Path hidden = archive.resolveSibling("." + archive.getFileName() + UNRECORDED_SUFFIX);
            try {
                Files.move(archive, hidden, StandardCopyOption.ATOMIC_MOVE);
                return "its archive could not be deleted and was renamed to " + hidden.getFileName()
                        + " for the leftover sweep.";
            } catch (IOException moveFailed) {
                return "its archive " + archive + " could neither be deleted nor renamed (" + deleteFailed.getMessage()
                        + "); the leftover sweep removes it as an unrecorded archive.";
            }
        }
    }

    /**
     * Removes an archive that a task committed under {@code name} but may not have recorded (the task died between
     * the two): every {@code <baseName>[_<n>].tar.gz} of the journaled size in that folder, with its record when it
     * has one, since the task that made it is being rolled back. Returns the names of the files removed.
     */
    @Transactional
    public List<String> discardUncommitted(PendingArchive.FinalName name) {
        Path directory = Path.of(name.directory());
        Pattern finalNames = Pattern.compile(Pattern.quote(name.baseName()) + "(_\\d{1,6})?"
                + Pattern.quote(BackupArchiver.EXTENSION));
        List<String> removed = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> finalNames.matcher(file.getFileName().toString()).matches())
                    .filter(file -> sizeOf(file) == name.size()).toList()) {
                store.findByPath(file.toString()).ifPresent(backup -> store.delete(backup.id()));
                Files.deleteIfExists(file);
                removed.add(file.getFileName().toString());
            }
        } catch (NoSuchFileException gone) {
            return removed;
        } catch (IOException e) {
            throw new BackupFailedException("Could not remove the archive " + name.describe() + ": " + e.getMessage(), e);
        }
        return removed;
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Checks a recorded backup's archive (checksum against the record, gzip and tar structure, database.sql); an
     * archive that is there but fails is marked damaged, so that it is no longer offered for restore.
     */
    @Transactional
    public Verification verify(BackupInfo backup) {
        Verification verification = verifier.verify(backup);
        if (!verification.valid() && Files.isRegularFile(backup.path())) {
            store.markDamaged(backup.id(), verification.reason(), clock.instant());
        }
        return verification;
    }

    /** The site's backups, newest first. */
    @Transactional(readOnly = true)
    public List<BackupInfo> listForSite(long siteId) {
        return store.forSite(siteId);
    }

    @Transactional(readOnly = true)
    public boolean hasBackups(long siteId) {
        return store.anyFor(siteId);
    }

    @Transactional(readOnly = true)
    public Optional<BackupInfo> find(long id) {
        return store.find(id);
    }

    public BackupInfo get(long id) {
        return find(id).orElseThrow(() -> new BackupNotFoundException(id));
    }

    /**
     * The restore dialog's list: the site's backups whose file is there, newest first, each as
     * 'date/time - size - reason'. Empty means {@link #NO_VALID_BACKUPS}.
     */
    @Transactional(readOnly = true)
    public List<RestoreChoice> restoreChoices(long siteId) {
        return listForSite(siteId).stream()
                .filter(backup -> !backup.damaged() && Files.isRegularFile(backup.path()))
                .map(backup -> new RestoreChoice(backup.id(), label(backup)))
                .toList();
    }

    /** Why {@code backup} cannot be restored, for a form field or a task log; empty when it can. */
    public static Optional<String> notRestorable(BackupInfo backup) {
        if (backup.damaged()) {
            return Optional.of("The backup " + label(backup) + " is damaged and cannot be restored: "
                    + backup.damage());
        }
        return Optional.empty();
    }

    public static String label(BackupInfo backup) {
        return LABEL_TIME.format(backup.createdAt()) + " - " + backup.humanSize() + " - " + backup.description();
    }

    /** Deletes one backup: its file (if still there), then its record. */
    @Transactional
    public void delete(long id) {
        BackupInfo backup = get(id);
        deleteFileAndRecord(backup);
    }

    /**
     * The backup-delete task's work: deletes the chosen backups of a site, file then record, one
     * after the other, reporting each to {@code progress} as it goes. An id whose backup is gone
     * already is reported, not refused; an id of another site's backup refuses the whole list
     * before anything is deleted. A file that cannot be deleted stops the work there, its record
     * kept, so the deletion can be tried again.
     */
    public List<BackupDeletion> deleteBackups(long siteId, Collection<Long> ids, Consumer<BackupDeletion> progress) {
        Map<Long, Optional<BackupInfo>> chosen = new LinkedHashMap<>();
        new LinkedHashSet<>(ids).forEach(id -> chosen.put(id, find(id)));
        chosen.values().stream().flatMap(Optional::stream).filter(backup -> backup.siteId() != siteId)
                .findFirst().ifPresent(backup -> {
                    throw new BackupNotFoundException(backup.id());
                });
        List<BackupDeletion> done = new ArrayList<>();
        chosen.forEach((id, backup) -> {
            BackupDeletion deletion = backup.map(this::deleteFileAndRecord)
                    .orElseGet(() -> new BackupDeletion(id, null, 0, BackupDeletion.Outcome.ALREADY_GONE));
            done.add(deletion);
            progress.accept(deletion);
        });
        return done;
    }

    public List<BackupDeletion> deleteBackups(long siteId, Collection<Long> ids) {
        return deleteBackups(siteId, ids, deletion -> { });
    }

    private BackupDeletion deleteFileAndRecord(BackupInfo backup) {
        boolean fileWasThere;
        try {
            fileWasThere = Files.deleteIfExists(backup.path());
        } catch (IOException e) {
            throw new BackupFailedException("Cannot delete the backup file " + backup.path() + ": " + e.getMessage(), e);
        }
        store.delete(backup.id());
        auditLog.record("backup.delete", "site", backup.siteId(), backup.fileName());
        return new BackupDeletion(backup.id(), backup.fileName(), backup.size(), fileWasThere
                ? BackupDeletion.Outcome.DELETED : BackupDeletion.Outcome.FILE_ALREADY_GONE);
    }
}
