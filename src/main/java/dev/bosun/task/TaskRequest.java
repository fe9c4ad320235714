package dev.bosun.task;

import java.util.Map;

/**
 * A task to queue. {@code siteId} is set for site tasks only (one runs at a time per site);
 * {@code serverId} names the web or db server the task loads, for the per-server limit. {@code args}
 * is a record of the feature's own (or a map), stored as a JSON object that the handler reads back
 * with {@link TaskRun#args(Class)}.
 */
public record TaskRequest(String type, TargetType targetType, long targetId, Long siteId, Long serverId,
                          Object args, String requestedBy) {

    public TaskRequest {
        if (args == null) {
            args = Map.of();
        } else if (args instanceof Map<?, ?> map) {
            args = Map.copyOf(map);
        } else if (!(args instanceof Record)) {
            throw new IllegalArgumentException("A task's arguments are a record or a map, not a "
                    + args.getClass().getName());
        }
        if (targetType == TargetType.SITE && siteId == null) {
            siteId = targetId;
        }
    }

    public static TaskRequest forSite(String type, long siteId, Long serverId, Object args,
                                      String requestedBy) {
        return new TaskRequest(type, TargetType.SITE, siteId, siteId, serverId, args, requestedBy);
    }
}
