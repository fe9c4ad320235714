package dev.bosun.task;

/**
 * A task's status, its steps' statuses ("1:DONE,2:RUNNING") and how many warning and error lines it wrote: what a
 * live page shows changing.
 */
public record TaskProgress(TaskStatus status, String steps, long flaggedLines) {
}
