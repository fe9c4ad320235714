package dev.bosun.task.web;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskProgress;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.internal.TaskLogWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Follows a task's log for a live tail: sends the lines after a given one as they are written
 * (woken by this node's writer, or within {@link #POLL} for lines written by another node), and
 * ends once the task has ended and every line was sent. A change of the task's status or steps is
 * reported too, so a page can refresh them.
 */
@Component
class LogFollower implements DisposableBean {

    static final Duration POLL = Duration.ofMillis(150);
    private static final Logger log = LoggerFactory.getLogger(LogFollower.class);
    private static final int BATCH = 500;

    private final TaskQueries queries;
    private final TaskLogWriter writer;
    private final AtomicInteger threads = new AtomicInteger();
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "task-log-tail-" + threads.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closing;

    LogFollower(TaskQueries queries, TaskLogWriter writer) {
        this.queries = queries;
        this.writer = writer;
    }

    interface Sink {
        void lines(List<TaskLogLine> lines) throws IOException;

        void end(TaskStatus status) throws IOException;

        /** The task's status or steps changed (sent before the lines written since). */
        default void progress(TaskProgress progress) throws IOException {
        }

        void fail(Throwable failure);
    }

    void follow(long taskId, int afterSeq, Sink sink) {
        executor.execute(() -> {
            try {
                run(taskId, afterSeq, sink);
            } catch (IOException e) {
                sink.fail(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                sink.fail(e);
            } catch (RuntimeException e) {
                log.warn("Live tail of task {} stopped: {}", taskId, e.getMessage());
                sink.fail(e);
            }
        });
    }

    private void run(long taskId, int afterSeq, Sink sink) throws IOException, InterruptedException {
        int after = afterSeq;
        TaskProgress shown = null;
        while (!closing) {
            TaskProgress progress = queries.progress(taskId).orElse(null);
            TaskStatus status = progress == null ? null : progress.status();
            if (progress != null && !progress.equals(shown)) {
                sink.progress(progress);
                shown = progress;
            }
            List<TaskLogLine> lines = queries.log(taskId, after, BATCH);
            if (!lines.isEmpty()) {
                sink.lines(lines);
                after = lines.get(lines.size() - 1).seq();
            } else if (status == null || status.isFinished()) {
                sink.end(status);
                return;
            } else {
                writer.awaitLines(POLL);
            }
        }
        sink.end(null);
    }

    @Override
    public void destroy() {
        closing = true;
        executor.shutdownNow();
    }
}
