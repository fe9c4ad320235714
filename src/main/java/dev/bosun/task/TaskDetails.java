package dev.bosun.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything known about one task: the list row, its arguments, the node that ran it (lease
 * owner), the outcome line and its steps.
 */
public record TaskDetails(long id, String type, TargetType targetType, long targetId, String targetLabel, Long siteId,
                          Long serverId, TaskStatus status, String requestedBy, Instant createdAt, Instant startedAt,
                          Instant finishedAt, int attempt, Map<String, Object> args, String currentStep,
                          String outcome, String node, Long retryOf, boolean logPurged, List<TaskStep> steps) {

    public TaskSummary summary() {
        return new TaskSummary(id, type, targetType, targetId, targetLabel, status, requestedBy, createdAt, startedAt,
                finishedAt);
    }
}
