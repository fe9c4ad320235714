package dev.bosun.task;

/** A task's status and its steps' statuses ("1:DONE,2:RUNNING"): what a live page shows changing. */
public record TaskProgress(TaskStatus status, String steps) {
}
