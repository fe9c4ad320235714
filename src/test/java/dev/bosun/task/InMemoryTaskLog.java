package dev.bosun.task;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bosun.task.TaskLogLine.Level;

/** One task's log and status held in memory, read through {@link TaskQueries}' methods, counting the reads. */
public final class InMemoryTaskLog extends TaskQueries {

    private final long taskId;
    private final List<TaskLogLine> lines = new CopyOnWriteArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();
    private volatile TaskStatus status = TaskStatus.PROCESSING;

    public InMemoryTaskLog(long taskId) {
        super(null, null, null);
        this.taskId = taskId;
    }

    public void write(String message) {
        lines.add(new TaskLogLine(taskId, lines.size() + 1, Instant.now(), Level.INFO, null, message));
    }

    public void end(TaskStatus ended) {
        status = ended;
    }

    /** The queries made of this log so far. */
    public int reads() {
        return reads.get();
    }

    @Override
    public Optional<TaskProgress> progress(long id) {
        reads.incrementAndGet();
        return id == taskId ? Optional.of(new TaskProgress(status, "", 0)) : Optional.empty();
    }

    @Override
    public List<TaskLogLine> log(long id, int afterSeq, int limit) {
        reads.incrementAndGet();
        return lines.stream().filter(line -> line.taskId() == id && line.seq() > afterSeq).limit(limit).toList();
    }
}
