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

/**
 * Writes log lines to {@code task_log}: lines of running tasks wait at most {@code bosun.tasks.log-flush}
 * and go in batches; a step boundary or the end of the task writes them at once. Live tails wait
 * on {@link #awaitLines}.
 */
@Component
public class TaskLogWriter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TaskLogWriter.class);

    private final TaskStore store;
    private final Clock clock;
    private final Duration flushInterval;
    private final Set<Buffer> open = ConcurrentHashMap.newKeySet();
    private final Object linesWritten = new Object();
    private ScheduledExecutorService flusher;

    TaskLogWriter(TaskStore store, Clock clock, TaskProperties properties) {
        this.store = store;
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
        signal();
    }

    /** Waits until some task's lines were written on this node, or the timeout passes. */
    public void awaitLines(Duration timeout) throws InterruptedException {
        synchronized (linesWritten) {
            linesWritten.wait(Math.max(1, timeout.toMillis()));
        }
    }

    void signal() {
        synchronized (linesWritten) {
            linesWritten.notifyAll();
        }
    }

    private void flushAll() {
        for (Buffer buffer : open) {
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
        long millis = Math.max(10, flushInterval.toMillis());
        flusher.scheduleWithFixedDelay(this::flushAll, millis, millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        flusher.shutdownNow();
        flushAll();
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
                signal();
            }
        }

        void close() {
            open.remove(this);
        }
    }
}
