package dev.bosun.task;

/**
 * The answer to queueing: the new task ({@code created}), or the one of the same type already
 * queued or running for that target, which is returned instead of a duplicate.
 */
public record QueuedTask(TaskSummary task, boolean created) {
}
