package dev.bosun.task;

/** The task's state does not allow what was asked (retry of a task that did not fail, cancel of a running one). */
public class TaskStateException extends RuntimeException {

    private final TaskSummary task;

    public TaskStateException(TaskSummary task, String message) {
        super(message);
        this.task = task;
    }

    public TaskSummary task() {
        return task;
    }
}
