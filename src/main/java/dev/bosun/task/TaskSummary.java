package dev.bosun.task;

import java.time.Duration;
import java.time.Instant;

/** One row of a task list: what ran, on what, and how it went. */
public record TaskSummary(long id, String type, TargetType targetType, long targetId, String targetLabel,
                          TaskStatus status, String requestedBy, Instant createdAt, Instant startedAt,
                          Instant finishedAt) {

    /** Run time so far (or in all, once finished); null before the task started. */
    public Duration duration() {
        if (startedAt == null) {
            return null;
        }
        return Duration.between(startedAt, finishedAt != null ? finishedAt : Instant.now());
    }
}
