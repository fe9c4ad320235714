package dev.bosun.task.internal;

import dev.bosun.task.TargetType;

/**
 * A task row this node holds under its lease; {@code lastLogSeq} is its last log line so far,
 * {@code previousOwner} is set when it was taken over from a dead node.
 */
record ClaimedTask(long id, String type, TargetType targetType, long targetId, Long siteId, Long serverId,
                   String argsJson, String requestedBy, int attempt, int lastLogSeq, String previousOwner) {
}
