package dev.bosun.platform.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bosun.task.QueuedTask;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues platform tasks through the task module (the load goes to the platform's server) and reads
 * the platform's open and recent tasks, which the task module's queries do not select by target.
 */
@Component
public class PlatformTaskQueue {

    // Looked up when first used: the task service collects every task handler, and site task handlers
    // use the platform service, which uses this queue.
    private final ObjectProvider<TaskService> tasks;
    private final JdbcClient jdbc;

    PlatformTaskQueue(ObjectProvider<TaskService> tasks, JdbcClient jdbc) {
        this.tasks = tasks;
        this.jdbc = jdbc;
    }

    /** Queues the task, or returns the same task already queued or running on the platform. */
    public QueuedTask queue(long platformId, String type, long serverId, String requestedBy) {
        return tasks.getObject().queue(new TaskRequest(type, TargetType.PLATFORM, platformId, null, serverId, Map.of(),
                requestedBy));
    }

    /** The status of each task type that is queued or running on the platform. */
    public Map<String, TaskStatus> open(long platformId) {
        return jdbc.sql("""
                SELECT type, status FROM tasks WHERE target_type = 'PLATFORM' AND target_id = :id
                AND status IN ('QUEUED', 'PROCESSING')""")
                .param("id", platformId)
                .query((rs, n) -> Map.entry(rs.getString("type"), TaskStatus.valueOf(rs.getString("status"))))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The platform's latest tasks, newest first. */
    public List<TaskSummary> recent(long platformId, String platformName, int limit) {
        return jdbc.sql("""
                SELECT id, type, status, requested_by, created_at, started_at, finished_at FROM tasks
                WHERE target_type = 'PLATFORM' AND target_id = :id ORDER BY created_at DESC, id DESC LIMIT :limit""")
                .param("id", platformId).param("limit", limit)
                .query((rs, n) -> new TaskSummary(rs.getLong("id"), rs.getString("type"), TargetType.PLATFORM, platformId,
                        platformName, TaskStatus.valueOf(rs.getString("status")), rs.getString("requested_by"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at"))))
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
