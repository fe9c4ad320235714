package dev.bosun.task.internal;

import java.time.Instant;

import dev.bosun.task.TaskLogLine.Level;

/** A log line not yet written to {@code task_log}. */
record PendingLine(long taskId, int seq, Instant at, Level level, String step, String message) {
}
