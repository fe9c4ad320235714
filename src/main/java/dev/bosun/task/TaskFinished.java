package dev.bosun.task;

/**
 * Published when a task ends (SUCCESS, WARNING, ERROR or CANCELLED), inside the transaction that
 * records the end: listen with {@code @ApplicationModuleListener} or {@code @TransactionalEventListener}.
 */
public record TaskFinished(long id, String type, TargetType targetType, long targetId, TaskStatus status) {
}
