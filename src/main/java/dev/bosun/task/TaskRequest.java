package dev.bosun.task;

import java.util.Map;

/**
 * A task to queue. {@code siteId} is set for site tasks only (one runs at a time per site);
 * {@code serverId} names the web or db server the task loads, for the per-server limit. {@code args}
 * is a record of the feature's own (or a map), stored as a JSON object that the handler reads back
 * with {@link TaskRun#args(Class)}. {@code targetLabel} (the site's domain, the platform's or server's
 * name) and {@code clientId} (the client whose users may see a site task) are what the task lists show
 * and scope by: the module that queues the task knows them, the task module reads no other module's tables.
 */
public record TaskRequest(String type, TargetType targetType, long targetId, Long siteId, Long serverId,
                          Object args, String requestedBy, String targetLabel, Long clientId) {

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

    /** A task not listed by a label or client (yet): see {@link #listedAs(String, Long)}. */
    public TaskRequest(String type, TargetType targetType, long targetId, Long siteId, Long serverId,
                       Object args, String requestedBy) {
        this(type, targetType, targetId, siteId, serverId, args, requestedBy, null, null);
    }

    public static TaskRequest forSite(String type, long siteId, Long serverId, Object args,
                                      String requestedBy) {
        return new TaskRequest(type, TargetType.SITE, siteId, siteId, serverId, args, requestedBy);
    }

    /** This request, listed under this label and visible to this client's users (null: to no client user). */
    public TaskRequest listedAs(String label, Long client) {
        return new TaskRequest(type, targetType, targetId, siteId, serverId, args, requestedBy, label, client);
    }
}
