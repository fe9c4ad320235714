package dev.bosun.task;

import java.util.Map;

/**
 * A task to queue. {@code siteId} is set for site tasks only (one runs at a time per site);
 * {@code serverId} names the web or db server the task loads, for the per-server limit.
 */
public record TaskRequest(String type, TargetType targetType, long targetId, Long siteId, Long serverId,
                          Map<String, Object> args, String requestedBy) {

    public TaskRequest {
        args = args == null ? Map.of() : Map.copyOf(args);
        if (targetType == TargetType.SITE && siteId == null) {
            siteId = targetId;
        }
    }

    public static TaskRequest forSite(String type, long siteId, Long serverId, Map<String, Object> args,
                                      String requestedBy) {
        return new TaskRequest(type, TargetType.SITE, siteId, siteId, serverId, args, requestedBy);
    }
}
