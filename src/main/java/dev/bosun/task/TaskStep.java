package dev.bosun.task;

import java.time.Duration;
import java.time.Instant;

/** One named step of a task as it ran. */
public record TaskStep(int seq, String name, Status status, boolean hasUndo, Instant startedAt, Instant finishedAt) {

    public enum Status {
        RUNNING,
        DONE,
        FAILED,
        /** The node running it stopped before the step ended. */
        INTERRUPTED,
        UNDONE,
        UNDO_FAILED
    }

    public Duration duration() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }
}
