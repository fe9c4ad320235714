package dev.bosun.backup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

import dev.bosun.BosunProperties;
import dev.bosun.TaskFiles;
import dev.bosun.task.TaskFinished;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Removes what tasks leave on the master when they cannot clean up themselves (the panel killed mid-task): the
 * parts of archives being written ({@code .…_task<id>_….tar.gz.part}, {@code ….sql.part}) and archives whose
 * record failed ({@code .….unrecorded}) in {@code <home>/backups}, and the private task directories
 * ({@code <home>/tmp/task<id>/}: database dumps waiting for their import, password files, staging folders).
 * A task's files go when it ends, in any state; at start-up and every hour, those of every task that is no longer
 * queued or processing. Files without a task's marker go once they are a day old.
 */
@Component
public class LeftoverFiles {

    private static final Logger log = LoggerFactory.getLogger(LeftoverFiles.class);
    static final Duration UNMARKED_AGE = Duration.ofDays(1);
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final Path backupsDirectory;
    private final Path tempRoot;
    private final TaskQueries tasks;
    private final Clock clock;
    private ScheduledExecutorService timer;

    @Autowired
    LeftoverFiles(BackupArchiver archiver, BosunProperties properties, TaskQueries tasks, Clock clock) {
        this(archiver.backupsDirectory(), properties.homeDir().resolve("tmp"), tasks, clock);
    }

    LeftoverFiles(Path backupsDirectory, Path tempRoot, TaskQueries tasks, Clock clock) {
        this.backupsDirectory = backupsDirectory;
        this.tempRoot = tempRoot;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** At start-up: sweeps once, then every hour. */
    @EventListener(ApplicationReadyEvent.class)
    public void startUp() {
        sweep();
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "leftover-sweep");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::sweepQuietly, SWEEP_INTERVAL.toMinutes(), SWEEP_INTERVAL.toMinutes(),
                TimeUnit.MINUTES);
    }

    @PreDestroy
    void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** When a task ends, in whatever state, its temporary files go. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    public void taskFinished(TaskFinished finished) {
        List<String> removed = remove(owner -> owner == finished.id(), false);
        if (!removed.isEmpty()) {
            log.info("Removed {} temporary file(s) task {} left: {}", removed.size(), finished.id(),
                    String.join(", ", removed));
        }
    }

    /**
     * Removes the temporary files of every task that is no longer queued or processing (and unmarked ones older
     * than a day); logs and returns their names.
     */
    public List<String> sweep() {
        TaskFiles.privateDirectory(tempRoot);
        List<String> removed = remove(owner -> !live(owner), true);
        if (!removed.isEmpty()) {
            log.info("Removed {} leftover temporary file(s) of interrupted tasks: {}", removed.size(),
                    String.join(", ", removed));
        }
        return removed;
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException failed) {
            log.warn("The sweep of leftover temporary files failed: {}", failed.getMessage());
        }
    }

    private boolean live(long taskId) {
        return tasks.status(taskId).map(status -> status == TaskStatus.QUEUED || status == TaskStatus.PROCESSING)
                .orElse(false);
    }

    private List<String> remove(LongPredicate ownerGone, boolean unmarkedToo) {
        List<String> removed = new ArrayList<>();
        for (Path entry : entries(backupsDirectory)) {
            String name = entry.getFileName().toString();
            boolean temporary = name.startsWith(".") && (name.endsWith(BackupArchiver.PART_SUFFIX)
                    || name.endsWith(BackupArchiver.SPOOL_SUFFIX));
            boolean unrecorded = name.startsWith(".") && name.endsWith(BackupService.UNRECORDED_SUFFIX);
            if ((temporary && gone(entry, ownerGone, unmarkedToo)) || (unrecorded && unmarkedToo)) {
                delete(entry, removed);
            }
        }
        for (Path entry : entries(tempRoot)) {
            if (gone(entry, ownerGone, unmarkedToo)) {
                delete(entry, removed);
            }
        }
        return removed;
    }

    private boolean gone(Path entry, LongPredicate ownerGone, boolean unmarkedToo) {
        OptionalLong owner = TaskFiles.owner(entry.getFileName().toString());
        if (owner.isPresent()) {
            return ownerGone.test(owner.getAsLong());
        }
        return unmarkedToo && olderThan(entry, UNMARKED_AGE);
    }

    private boolean olderThan(Path entry, Duration age) {
        try {
            Instant modified = Files.getLastModifiedTime(entry, LinkOption.NOFOLLOW_LINKS).toInstant();
            return modified.isBefore(clock.instant().minus(age));
        } catch (IOException e) {
            return false;
        }
    }

    private static List<Path> entries(Path directory) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            log.warn("Cannot list {} for leftover temporary files: {}", directory, e.getMessage());
        }
        return entries;
    }

    private static void delete(Path entry, List<String> removed) {
        try {
            Folders.deleteTree(entry, false);
            removed.add(entry.toString());
        } catch (IOException e) {
            log.warn("Could not remove the leftover temporary file {}: {}", entry, e.getMessage());
        }
    }
}
