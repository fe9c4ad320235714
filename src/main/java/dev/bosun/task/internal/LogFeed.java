package dev.bosun.task.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskProgress;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The live tails of this node. Each followed task has one reader, however many follow it: the reader reads the
 * task's progress and new lines once and hands them to every follower, so a second viewer adds no query. The
 * reader wakes when this node writes lines of the task ({@link TaskLogWriter}), when another node does (its
 * NOTIFY, through {@link QueueListener}), or after {@link #FALLBACK_POLL} should a notification be lost. It ends
 * with the task (every follower is sent every line first), or when nobody follows any more.
 */
@Component
public class LogFeed implements DisposableBean {

    static final Duration FALLBACK_POLL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(LogFeed.class);
    private static final int BATCH = 500;

    private final TaskQueries queries;
    private final Map<Long, Reader> readers = new HashMap<>();
    private final AtomicLong reads = new AtomicLong();
    private final ExecutorService executor = Executors.newCachedThreadPool(Threads.daemon("task-log-feed"));
    private final Duration fallbackPoll;
    private volatile boolean closing;

    @Autowired
    LogFeed(TaskQueries queries) {
        this(queries, FALLBACK_POLL);
    }

    LogFeed(TaskQueries queries, Duration fallbackPoll) {
        this.queries = queries;
        this.fallbackPoll = fallbackPoll;
    }

    /** What a live tail is sent; called on the task's reader thread, in order. */
    public interface Follower {
        void lines(List<TaskLogLine> lines) throws IOException;

        /** The task ended (null: it is gone) and every line was sent. */
        void end(TaskStatus status) throws IOException;

        /** The task's status or steps changed (sent before the lines written since). */
        default void progress(TaskProgress progress) throws IOException {
        }

        void fail(Throwable failure);
    }

    /** Sends the follower the task's lines after {@code afterSeq}, then each new one, until the task ends. */
    public void follow(long taskId, int afterSeq, Follower follower) {
        Reader reader;
        synchronized (readers) {
            reader = readers.get(taskId);
            if (reader == null) {
                reader = new Reader(taskId);
                readers.put(taskId, reader);
                executor.execute(reader::run);
            }
            reader.followers.add(new Following(follower, afterSeq));
        }
        reader.wake();
    }

    /** Lines of the task were written, on this node or (notified) on another. */
    public void written(long taskId) {
        Reader reader;
        synchronized (readers) {
            reader = readers.get(taskId);
        }
        if (reader != null) {
            reader.wake();
        }
    }

    /** Any task's lines were written (a notification without a task, or many tasks at once). */
    void writtenAny() {
        List<Reader> all;
        synchronized (readers) {
            all = new ArrayList<>(readers.values());
        }
        all.forEach(Reader::wake);
    }

    /** Whether someone follows the task on this node. */
    boolean followed(long taskId) {
        synchronized (readers) {
            return readers.containsKey(taskId);
        }
    }

    /** The queries the readers made so far (each read of progress or lines counts one). */
    public long reads() {
        return reads.get();
    }

    /** The tasks followed on this node now. */
    public int followedTasks() {
        synchronized (readers) {
            return readers.size();
        }
    }

    @Override
    public void destroy() {
        closing = true;
        executor.shutdownNow();
    }

    private static final class Following {
        final Follower follower;
        int after;
        TaskProgress shown;

        Following(Follower follower, int after) {
            this.follower = follower;
            this.after = after;
        }
    }

    /** The one reader of a task's log on this node. */
    private final class Reader {

        private final long taskId;
        private final List<Following> followers = new CopyOnWriteArrayList<>();
        private boolean woken;

        Reader(long taskId) {
            this.taskId = taskId;
        }

        synchronized void wake() {
            woken = true;
            notifyAll();
        }

        private synchronized void await() throws InterruptedException {
            if (!woken) {
                wait(fallbackPoll.toMillis());
            }
            woken = false;
        }

        void run() {
            try {
                while (!closing && !leftAlone()) {
                    if (!round() && !followers.isEmpty()) {
                        await();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                followers.forEach(following -> following.follower.fail(e));
            } catch (RuntimeException e) {
                log.warn("Live tail of task {} stopped: {}", taskId, e.getMessage());
                followers.forEach(following -> following.follower.fail(e));
                synchronized (readers) {
                    readers.remove(taskId);
                }
            }
        }

        /** Removes this reader when nobody follows; a follower added meanwhile keeps it. */
        private boolean leftAlone() {
            synchronized (readers) {
                if (followers.isEmpty()) {
                    readers.remove(taskId);
                    return true;
                }
                return false;
            }
        }

        /** One read for all followers; true when there may be more to read at once. */
        private boolean round() {
            List<Following> current = List.copyOf(followers);
            TaskProgress progress = queries.progress(taskId).orElse(null);
            int from = current.stream().mapToInt(following -> following.after).min().orElse(0);
            List<TaskLogLine> lines = queries.log(taskId, from, BATCH);
            reads.addAndGet(2);
            TaskStatus status = progress == null ? null : progress.status();
            boolean ended = lines.isEmpty() && (status == null || status.isFinished());
            for (Following following : current) {
                send(following, progress, lines, ended ? status : null, ended);
            }
            return lines.size() == BATCH;
        }

        private void send(Following following, TaskProgress progress, List<TaskLogLine> lines, TaskStatus status,
                          boolean ended) {
            try {
                if (progress != null && !progress.equals(following.shown)) {
                    following.follower.progress(progress);
                    following.shown = progress;
                }
                int after = following.after;
                List<TaskLogLine> fresh = lines.stream().filter(line -> line.seq() > after).toList();
                if (!fresh.isEmpty()) {
                    following.follower.lines(fresh);
                    following.after = fresh.get(fresh.size() - 1).seq();
                }
                if (ended) {
                    followers.remove(following);
                    following.follower.end(status);
                }
            } catch (IOException | RuntimeException e) {
                followers.remove(following);
                following.follower.fail(e);
            }
        }
    }
}
