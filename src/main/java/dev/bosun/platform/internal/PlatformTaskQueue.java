package dev.bosun.platform.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues platform tasks and reads their state. Until the task module offers a queueing service
 * this writes the {@code tasks} row itself, following the table's contract: one open task per
 * target and type (index {@code tasks_open_uk}), queueing again returns the open one.
 */
@Component
public class PlatformTaskQueue {

    private final JdbcClient jdbc;

    PlatformTaskQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues the task, or returns the id of the same task already queued or running on the platform. */
    public long queue(long platformId, String type, long serverId, String requestedBy) {
        return jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, server_id, requested_by)
                VALUES (:type, 'PLATFORM', :id, :server, :by)
                ON CONFLICT (target_type, target_id, type) WHERE status IN ('QUEUED', 'PROCESSING') DO NOTHING
                RETURNING id""")
                .param("type", type).param("id", platformId).param("server", serverId).param("by", requestedBy)
                .query(Long.class).optional()
                .orElseGet(() -> openTaskId(platformId, type));
    }

    private long openTaskId(long platformId, String type) {
        return jdbc.sql("""
                SELECT id FROM tasks WHERE target_type = 'PLATFORM' AND target_id = :id AND type = :type
                AND status IN ('QUEUED', 'PROCESSING')""")
                .param("id", platformId).param("type", type).query(Long.class).single();
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
                .query((rs, n) -> new TaskSummary(rs.getLong("id"), rs.getString("type"), "PLATFORM", platformId,
                        platformName, TaskStatus.valueOf(rs.getString("status")), rs.getString("requested_by"),
                        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("started_at")),
                        instant(rs.getTimestamp("finished_at"))))
                .list();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
