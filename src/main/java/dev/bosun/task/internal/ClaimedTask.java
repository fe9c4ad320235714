package dev.bosun.task.internal;

import dev.bosun.task.TargetType;

/** A task row this node holds under its lease; {@code previousOwner} is set when it was taken over from a dead node. */
record ClaimedTask(long id, String type, TargetType targetType, long targetId, Long siteId, Long serverId,
                   String argsJson, String requestedBy, int attempt, String previousOwner) {
}
