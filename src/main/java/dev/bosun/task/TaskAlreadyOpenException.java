package dev.bosun.task;

/**
 * A task of that type is already queued or running for the target; the API answers 409 with
 * it. Controllers throw it when {@link QueuedTask#created()} is false.
 */
public class TaskAlreadyOpenException extends TaskStateException {

    public TaskAlreadyOpenException(TaskSummary existing) {
        super(existing, "A " + existing.type() + " task for this " + existing.targetType().name().toLowerCase()
                + " is already " + existing.status().name().toLowerCase() + " (task " + existing.id() + ").");
    }
}
