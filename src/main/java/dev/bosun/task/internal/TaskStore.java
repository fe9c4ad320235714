package dev.bosun.task.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.task.TargetType;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskStep;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The write side of the queue: the SQL of queueing, claiming, leases, steps, log lines and recovery. */
@Repository
public class TaskStore {

    /** Serializes claims across nodes, so the per-site and per-server rules see every committed claim. */
    private static final long CLAIM_LOCK = 0x626f73756e01L;

    private static final String CLAIMED_COLUMNS = """
            id, type, target_type, target_id, site_id, server_id, args, requested_by, attempt""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    TaskStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** Inserts the task unless one of its type is open for the target; empty when one is. */
    public Optional<Long> insert(TaskRequest request, String argsJson, String requestedBy, Long retryOf) {
        return jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, site_id, server_id, args, requested_by, retry_of,
                                           created_at)
                        VALUES (:type, :targetType, :targetId, :siteId, :serverId, :args, :requestedBy, :retryOf,
                                clock_timestamp())
                        ON CONFLICT (target_type, target_id, type) WHERE status IN ('QUEUED', 'PROCESSING') DO NOTHING
                        RETURNING id""")
                .param("type", request.type())
                .param("targetType", request.targetType().name())
                .param("targetId", request.targetId())
                .param("siteId", request.siteId())
                .param("serverId", request.serverId())
                .param("args", argsJson)
                .param("requestedBy", requestedBy)
                .param("retryOf", retryOf)
                .query(Long.class).optional();
    }

    public Optional<Long> findOpen(TargetType targetType, long targetId, String type) {
        return jdbc.sql("""
                        SELECT id FROM tasks WHERE target_type = :targetType AND target_id = :targetId AND type = :type
                        AND status IN ('QUEUED', 'PROCESSING')""")
                .param("targetType", targetType.name()).param("targetId", targetId).param("type", type)
                .query(Long.class).optional();
    }

    /** Wakes the dispatchers of every node once the current transaction commits. */
    public void notifyQueued() {
        jdbc.sql("SELECT pg_notify('" + QueueListener.CHANNEL + "', '')").query().listOfRows();
    }

    /**
     * Claims up to {@code slots} queued tasks for {@code owner}: the oldest queued task of each
     * site whose site runs nothing, and no more per server than {@code perServerLimit} counting
     * what runs already. Call inside a transaction.
     */
    List<ClaimedTask> claim(String owner, Duration lease, int slots, int perServerLimit) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", CLAIM_LOCK).query().listOfRows();
        List<Long> candidates = jdbc.sql("""
                        WITH running AS (
                            SELECT site_id, server_id FROM tasks WHERE status = 'PROCESSING'),
                        heads AS (
                            SELECT DISTINCT ON (coalesce(site_id, -id)) id, site_id, server_id, created_at
                            FROM tasks WHERE status = 'QUEUED'
                            ORDER BY coalesce(site_id, -id), created_at, id),
                        free AS (
                            SELECT h.id, h.server_id, h.created_at,
                                   row_number() OVER (PARTITION BY h.server_id ORDER BY h.created_at, h.id) AS rank
                            FROM heads h
                            WHERE h.site_id IS NULL
                               OR h.site_id NOT IN (SELECT site_id FROM running WHERE site_id IS NOT NULL))
                        SELECT f.id FROM free f
                        WHERE f.server_id IS NULL
                           OR f.rank + (SELECT count(*) FROM running r WHERE r.server_id = f.server_id) <= :limit
                        ORDER BY f.created_at, f.id
                        LIMIT :slots""")
                .param("limit", perServerLimit).param("slots", slots)
                .query(Long.class).list();
        if (candidates.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE tasks SET status = 'PROCESSING', lease_owner = :owner, attempt = attempt + 1,
                               lease_expires_at = clock_timestamp() + make_interval(secs => :lease),
                               started_at = clock_timestamp()
                        WHERE id IN (SELECT id FROM tasks WHERE id IN (:ids) AND status = 'QUEUED'
                                     ORDER BY created_at, id FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + CLAIMED_COLUMNS)
                .param("owner", owner).param("lease", seconds(lease)).param("ids", candidates)
                .query((rs, row) -> claimed(rs, null)).list()
                .stream().sorted(java.util.Comparator.comparingLong(ClaimedTask::id)).toList();
    }

    /** Extends the lease of every task this node holds. */
    int renewLeases(String owner, Duration lease) {
        return jdbc.sql("""
                        UPDATE tasks SET lease_expires_at = clock_timestamp() + make_interval(secs => :lease)
                        WHERE lease_owner = :owner AND status = 'PROCESSING'""")
                .param("owner", owner).param("lease", seconds(lease)).update();
    }

    /** Takes over the tasks whose lease expired (their node stopped); call inside a transaction. */
    List<ClaimedTask> takeOverExpired(String owner, Duration lease) {
        return jdbc.sql("""
                        WITH expired AS (
                            SELECT id, lease_owner FROM tasks
                            WHERE status = 'PROCESSING' AND lease_expires_at < clock_timestamp()
                            ORDER BY id FOR UPDATE SKIP LOCKED)
                        UPDATE tasks t SET lease_owner = :owner,
                               lease_expires_at = clock_timestamp() + make_interval(secs => :lease)
                        FROM expired e WHERE t.id = e.id
                        RETURNING t.id, t.type, t.target_type, t.target_id, t.site_id, t.server_id, t.args,
                                  t.requested_by, t.attempt, e.lease_owner AS previous_owner""")
                .param("owner", owner).param("lease", seconds(lease))
                .query((rs, row) -> claimed(rs, rs.getString("previous_owner"))).list();
    }

    /** Puts a task that had not started a step back in the queue, in its old place. */
    boolean requeue(long taskId, String owner) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'QUEUED', lease_owner = NULL, lease_expires_at = NULL,
                               started_at = NULL, current_step = NULL
                        WHERE id = :id AND lease_owner = :owner AND status = 'PROCESSING'""")
                .param("id", taskId).param("owner", owner).update() == 1;
    }

    void startStep(long taskId, int seq, String name) {
        jdbc.sql("""
                        INSERT INTO task_steps (task_id, seq, name, status, started_at)
                        VALUES (:taskId, :seq, :name, 'RUNNING', clock_timestamp())""")
                .param("taskId", taskId).param("seq", seq).param("name", name).update();
        jdbc.sql("UPDATE tasks SET current_step = :name WHERE id = :taskId")
                .param("taskId", taskId).param("name", name).update();
    }

    void markUndo(long taskId, int seq) {
        jdbc.sql("UPDATE task_steps SET has_undo = TRUE WHERE task_id = :taskId AND seq = :seq")
                .param("taskId", taskId).param("seq", seq).update();
    }

    void endStep(long taskId, int seq, TaskStep.Status status) {
        jdbc.sql("""
                        UPDATE task_steps SET status = :status, finished_at = coalesce(finished_at, clock_timestamp())
                        WHERE task_id = :taskId AND seq = :seq""")
                .param("taskId", taskId).param("seq", seq).param("status", status.name()).update();
    }

    void insertLines(List<PendingLine> lines) {
        SqlParameterSource[] rows = lines.stream().map(line -> new MapSqlParameterSource()
                        .addValue("taskId", line.taskId()).addValue("seq", line.seq())
                        .addValue("at", Timestamp.from(line.at())).addValue("level", line.level().name())
                        .addValue("step", line.step()).addValue("message", line.message()))
                .toArray(SqlParameterSource[]::new);
        batch.batchUpdate("""
                INSERT INTO task_log (task_id, seq, at, level, step, message)
                VALUES (:taskId, :seq, :at, :level, :step, :message)""", rows);
    }

    /** Records the end of a task this node holds; false when the lease was lost to another node. */
    boolean finish(long taskId, String owner, TaskStatus status, String outcome) {
        return jdbc.sql("""
                        UPDATE tasks SET status = :status, finished_at = clock_timestamp(), current_step = NULL,
                               lease_expires_at = NULL, summary = :outcome
                        WHERE id = :id AND lease_owner = :owner AND status = 'PROCESSING'""")
                .param("id", taskId).param("owner", owner).param("status", status.name()).param("outcome", outcome)
                .update() == 1;
    }

    public boolean cancel(long taskId) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'CANCELLED', finished_at = clock_timestamp(), summary = 'cancelled'
                        WHERE id = :id AND status = 'QUEUED'""")
                .param("id", taskId).update() == 1;
    }

    Optional<TaskStatus> status(long taskId) {
        return jdbc.sql("SELECT status FROM tasks WHERE id = :id").param("id", taskId)
                .query(String.class).optional().map(TaskStatus::valueOf);
    }

    int lastLogSeq(long taskId) {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM task_log WHERE task_id = :id")
                .param("id", taskId).query(Integer.class).single();
    }

    /** How many lines of a level the task's log holds, for deriving the status after a takeover. */
    int countLines(long taskId, dev.bosun.task.TaskLogLine.Level level) {
        return jdbc.sql("SELECT count(*) FROM task_log WHERE task_id = :id AND level = :level")
                .param("id", taskId).param("level", level.name()).query(Integer.class).single();
    }

    List<TaskStep> steps(long taskId) {
        return jdbc.sql("""
                        SELECT seq, name, status, has_undo, started_at, finished_at FROM task_steps
                        WHERE task_id = :id ORDER BY seq""")
                .param("id", taskId).query(TaskStore::step).list();
    }

    /** Deletes the log lines of tasks finished before {@code before}; the tasks stay. Returns the tasks purged. */
    int purgeLogs(Instant before, int limit) {
        List<Long> ids = jdbc.sql("""
                        SELECT id FROM tasks WHERE finished_at < :before AND log_purged_at IS NULL
                        ORDER BY finished_at LIMIT :limit""")
                .param("before", Timestamp.from(before)).param("limit", limit).query(Long.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        jdbc.sql("DELETE FROM task_log WHERE task_id IN (:ids)").param("ids", ids).update();
        return jdbc.sql("UPDATE tasks SET log_purged_at = clock_timestamp() WHERE id IN (:ids)")
                .param("ids", ids).update();
    }

    Optional<Integer> settingInt(String name) {
        return jdbc.sql("SELECT value FROM settings WHERE name = :name").param("name", name)
                .query(String.class).optional().map(String::trim).filter(v -> v.matches("\\d{1,6}"))
                .map(Integer::valueOf);
    }

    static TaskStep step(ResultSet rs, int row) throws SQLException {
        return new TaskStep(rs.getInt("seq"), rs.getString("name"), TaskStep.Status.valueOf(rs.getString("status")),
                rs.getBoolean("has_undo"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static ClaimedTask claimed(ResultSet rs, String previousOwner) throws SQLException {
        return new ClaimedTask(rs.getLong("id"), rs.getString("type"), TargetType.valueOf(rs.getString("target_type")),
                rs.getLong("target_id"), (Long) rs.getObject("site_id"), (Long) rs.getObject("server_id"),
                rs.getString("args"), rs.getString("requested_by"), rs.getInt("attempt"), previousOwner);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
