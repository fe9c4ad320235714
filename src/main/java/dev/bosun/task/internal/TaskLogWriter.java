package dev.bosun.task.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.bosun.DatabaseUnreachable;
import dev.bosun.task.TaskLogLine.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes log lines to {@code task_log}: lines of running tasks wait at most {@code bosun.tasks.log-flush}
 * (at most {@link #FOLLOWED_FLUSH} while a live tail on this node follows the task) and go in batches; a step boundary or the end of the task writes them at once. Each write tells this node's
 * live tails ({@link LogFeed}) and, by a NOTIFY in the same statement, other nodes'.
 */
@Component
public class TaskLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskLogWriter.class);
    /** How long a line of a task someone follows live waits at most to be written (one write per task, not per viewer). */
    static final Duration FOLLOWED_FLUSH = Duration.ofMillis(20);

    private final TaskStore store;
    private final Clock clock;
    private final Duration flushInterval;
    private final LogFeed feed;
    private final Set<Buffer> open = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService flusher;
    private long lastFullFlush = System.nanoTime();

    TaskLogWriter(TaskStore store, Clock clock, TaskProperties properties, LogFeed feed) {
        this.store = store;
        this.feed = feed;
        this.clock = clock;
        this.flushInterval = properties.logFlush();
    }

    /** The log of one task, with line numbers going on after {@code lastSeq}. */
    Buffer open(long taskId, int lastSeq) {
        Buffer buffer = new Buffer(taskId, lastSeq);
        open.add(buffer);
        return buffer;
    }

    /** Writes one line now, for a task nobody runs (cancel, re-queue); call inside a transaction. */
    public void appendNow(long taskId, Level level, String message) {
        int seq = store.lastLogSeq(taskId) + 1;
        store.write(List.of(new PendingLine(taskId, seq, clock.instant(), level, null, message)), List.of());
        written(taskId);
    }

    /** Wakes this node's live tails of the task once the lines are visible: at once, or after the commit. */
    private void written(long taskId) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    feed.written(taskId);
                }
            });
        } else {
            feed.written(taskId);
        }
    }

    /**
     * Writes the waiting lines of the tasks someone follows on this node at every tick, those of the others
     * once {@code log-flush} has passed since they were last written.
     */
    private void flushAll() {
        long now = System.nanoTime();
        flush(now - lastFullFlush >= flushInterval.toNanos());
    }

    private void flush(boolean due) {
        long now = System.nanoTime();
        if (due) {
            lastFullFlush = now;
        }
        for (Buffer buffer : open) {
            if (!due && !feed.followed(buffer.taskId)) {
                continue;
            }
            try {
                buffer.flush();
            } catch (RuntimeException e) {
                log.warn("Could not write the log of task {}: {}", buffer.taskId, e.getMessage());
            }
        }
    }

    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(Threads.daemon("task-log-writer"));
        long millis = Math.max(10, Math.min(FOLLOWED_FLUSH.toMillis(), flushInterval.toMillis()));
        flusher.scheduleWithFixedDelay(this::flushAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        flusher.shutdownNow();
        flush(true);
    }

    @Override
    public boolean isRunning() {
        return flusher != null && !flusher.isShutdown();
    }

    @Override
    public int getPhase() {
        return Dispatcher.PHASE - 1;
    }

    /** The unwritten lines of one task; lines get their number when logged, so order never depends on timing. */
    final class Buffer {

        private final long taskId;
        private final List<PendingLine> pending = new ArrayList<>();
        /** Changes whose write failed (the database unreachable): written, in order, before the next ones. */
        private final List<TaskStore.Write> pendingWrites = new ArrayList<>();
        private int seq;

        private Buffer(long taskId, int lastSeq) {
            this.taskId = taskId;
            this.seq = lastSeq;
        }

        synchronized void add(Level level, String step, String message) {
            pending.add(new PendingLine(taskId, ++seq, clock.instant(), level, step, message));
        }

        /** Writes the waiting lines, inside the caller's transaction if there is one. */
        void flush() {
            flush(List.of());
        }

        void flush(TaskStore.Write write) {
            flush(List.of(write));
        }

        /** Writes the waiting lines and the changes in one statement. */
        synchronized void flush(List<TaskStore.Write> writes) {
            if (pending.isEmpty() && writes.isEmpty() && pendingWrites.isEmpty()) {
                return;
            }
            List<PendingLine> lines = List.copyOf(pending);
            List<TaskStore.Write> all = new ArrayList<>(pendingWrites);
            all.addAll(writes);
            try {
                store.write(lines, all);
            } catch (RuntimeException e) {
                if (DatabaseUnreachable.causes(e)) {
                    pendingWrites.clear();
                    pendingWrites.addAll(all);
                }
                throw e;
            }
            pending.clear();
            pendingWrites.clear();
            if (!lines.isEmpty()) {
                written(taskId);
            }
        }

        void close() {
            open.remove(this);
        }
    }
}
