package dev.bosun.task;

/** Aegir's task states, plus CANCELLED for a queued task that was called off. */
public enum TaskStatus {
    QUEUED,
    PROCESSING,
    SUCCESS,
    WARNING,
    ERROR,
    CANCELLED;

    public boolean isOpen() {
        return this == QUEUED || this == PROCESSING;
    }

    public boolean isFinished() {
        return !isOpen();
    }
}
