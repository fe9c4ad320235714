package dev.bosun.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of the task queue, for the dashboard and the task pages. */
@Service
public class TaskQueries {

    private static final String SELECT = """
            SELECT t.id, t.type, t.target_type, t.target_id, t.status, t.requested_by,
                   t.created_at, t.started_at, t.finished_at,
                   CASE t.target_type
                       WHEN 'SITE' THEN (SELECT s.domain FROM sites s WHERE s.id = t.target_id)
                       WHEN 'PLATFORM' THEN (SELECT p.name FROM platforms p WHERE p.id = t.target_id)
                       WHEN 'SERVER' THEN (SELECT v.name FROM servers v WHERE v.id = t.target_id)
                   END AS target_label
            FROM tasks t
            """;

    private final JdbcClient jdbc;

    TaskQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The queue block. With {@code clientIds} (a CLIENT user's scope) only tasks on those
     * clients' sites are listed; null lists every task.
     */
    @Transactional(readOnly = true)
    public QueueOverview queueOverview(int recentLimit, List<Long> clientIds) {
        return new QueueOverview(
                list("t.status = 'PROCESSING'", "t.started_at, t.id", 100, clientIds),
                list("t.status = 'QUEUED'", "t.created_at, t.id", 100, clientIds),
                list("t.status NOT IN ('QUEUED', 'PROCESSING')", "t.finished_at DESC NULLS LAST, t.id DESC",
                        recentLimit, clientIds));
    }

    private List<TaskSummary> list(String condition, String order, int limit, List<Long> clientIds) {
        String scope = clientIds == null ? ""
                : " AND t.site_id IN (SELECT s.id FROM sites s WHERE s.client_id IN (:clientIds))";
        var statement = jdbc.sql(SELECT + " WHERE " + condition + scope + " ORDER BY " + order + " LIMIT :limit")
                .param("limit", limit);
        if (clientIds != null) {
            statement = statement.param("clientIds", clientIds.isEmpty() ? List.of(-1L) : clientIds);
        }
        return statement.query(TaskQueries::summary).list();
    }

    static TaskSummary summary(ResultSet rs, int row) throws SQLException {
        return new TaskSummary(rs.getLong("id"), rs.getString("type"), rs.getString("target_type"),
                rs.getLong("target_id"), rs.getString("target_label"), TaskStatus.valueOf(rs.getString("status")),
                rs.getString("requested_by"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
