package dev.bosun.task.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.task.JournalEntry;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskStep;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/** The write side of the queue: the SQL of queueing, claiming, leases, steps, log lines and recovery. */
@Repository
public class TaskStore {

    /** Serializes claims across nodes, so the per-site and per-server rules see every committed claim. */
    private static final long CLAIM_LOCK = 0x626f73756e01L;

    private static final String CLAIMED_COLUMNS = """
            id, type, target_type, target_id, site_id, server_id, args, requested_by, attempt,
            (SELECT coalesce(max(l.seq), 0) FROM task_log l WHERE l.task_id = tasks.id) AS last_seq""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    TaskStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Inserts the task unless one of its type is open for the target; empty when one is. The target's label
     * ({@code task_targets}) and when a task of this type was last queued on it ({@code task_target_types}) are
     * written in the same statement.
     */
    public Optional<Long> insert(TaskRequest request, String argsJson, String requestedBy, Long retryOf) {
        return jdbc.sql("""
                        WITH queued AS (
                            INSERT INTO tasks (type, target_type, target_id, site_id, server_id, args, requested_by,
                                               retry_of, target_label, client_id, created_at)
                            VALUES (:type, :targetType, :targetId, :siteId, :serverId, :args, :requestedBy, :retryOf,
                                    :targetLabel, :clientId, clock_timestamp())
                            ON CONFLICT (target_type, target_id, type) WHERE status IN ('QUEUED', 'PROCESSING') DO NOTHING
                            RETURNING id, type, target_type, target_id, target_label, created_at),
                        labelled AS (
                            INSERT INTO task_targets (target_type, target_id, label)
                            SELECT target_type, target_id, target_label FROM queued WHERE target_label IS NOT NULL
                            ON CONFLICT (target_type, target_id) DO UPDATE SET label = EXCLUDED.label
                            WHERE task_targets.label <> EXCLUDED.label),
                        kinds AS (
                            INSERT INTO task_target_types (target_type, type, target_id, last_queued_at)
                            SELECT target_type, type, target_id, created_at FROM queued
                            ON CONFLICT (target_type, type, target_id) DO UPDATE
                            SET last_queued_at = greatest(task_target_types.last_queued_at, EXCLUDED.last_queued_at))
                        SELECT id FROM queued""")
                .param("type", request.type())
                .param("targetType", request.targetType().name())
                .param("targetId", request.targetId())
                .param("siteId", request.siteId())
                .param("serverId", request.serverId())
                .param("args", argsJson)
                .param("requestedBy", requestedBy)
                .param("retryOf", retryOf)
                .param("targetLabel", request.targetLabel())
                .param("clientId", request.clientId())
                .query(Long.class).optional();
    }

    /** The client a task is visible to, as it was queued. */
    public Optional<Long> clientId(long id) {
        return jdbc.sql("SELECT client_id FROM tasks WHERE id = :id AND client_id IS NOT NULL").param("id", id)
                .query(Long.class).optional();
    }

    /** Lists every task of the target under a new label. */
    public int relabel(TargetType targetType, long targetId, String label) {
        if (label != null) {
            jdbc.sql("""
                        INSERT INTO task_targets (target_type, target_id, label) VALUES (:targetType, :targetId, :label)
                        ON CONFLICT (target_type, target_id) DO UPDATE SET label = EXCLUDED.label""")
                    .param("label", label).param("targetType", targetType.name()).param("targetId", targetId).update();
        }
        return jdbc.sql("UPDATE tasks SET target_label = :label WHERE target_type = :targetType AND target_id = :targetId")
                .param("label", label).param("targetType", targetType.name()).param("targetId", targetId).update();
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
     * Claims up to {@code slots} queued tasks for {@code owner}, oldest first: a site's oldest
     * queued task when that site runs nothing, and no more per server than {@code perServerLimit}
     * counting what runs already. Call inside a transaction.
     */
    List<ClaimedTask> claim(String owner, Duration lease, int slots, int perServerLimit) {
        // Walk the queue in order through tasks_queued_idx and stop at the limit, whatever the
        // statistics say after a burst of inserts (a sort of the whole queue costs 100x more).
        jdbc.sql("""
                        SELECT pg_advisory_xact_lock(:key), set_config('enable_sort', 'off', true),
                               set_config('enable_bitmapscan', 'off', true)""")
                .param("key", CLAIM_LOCK).query().listOfRows();
        List<Candidate> candidates = jdbc.sql("""
                        SELECT t.id, t.server_id,
                               (SELECT count(*) FROM tasks r WHERE r.server_id = t.server_id
                                AND r.status = 'PROCESSING') AS server_running
                        FROM tasks t
                        WHERE t.status = 'QUEUED'
                          AND (t.site_id IS NULL OR (
                               NOT EXISTS (SELECT 1 FROM tasks r WHERE r.site_id = t.site_id AND r.status = 'PROCESSING')
                               AND NOT EXISTS (SELECT 1 FROM tasks e WHERE e.site_id = t.site_id AND e.status = 'QUEUED'
                                               AND (e.created_at, e.id) < (t.created_at, t.id))))
                          AND (t.server_id IS NULL OR (SELECT count(*) FROM tasks r WHERE r.server_id = t.server_id
                                                       AND r.status = 'PROCESSING') < :limit)
                        ORDER BY t.created_at, t.id
                        LIMIT :scan""")
                .param("limit", perServerLimit).param("scan", slots * 3 + 10)
                .query((rs, row) -> new Candidate(rs.getLong("id"), (Long) rs.getObject("server_id"),
                        rs.getInt("server_running")))
                .list();
        List<Long> picked = pick(candidates, slots, perServerLimit);
        if (picked.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        UPDATE tasks SET status = 'PROCESSING', lease_owner = :owner, attempt = attempt + 1,
                               lease_expires_at = clock_timestamp() + make_interval(secs => :lease),
                               started_at = clock_timestamp()
                        WHERE id IN (SELECT id FROM tasks WHERE id IN (:ids) AND status = 'QUEUED'
                                     FOR UPDATE SKIP LOCKED)
                        RETURNING\s""" + CLAIMED_COLUMNS)
                .param("owner", owner).param("lease", seconds(lease)).param("ids", picked)
                .query((rs, row) -> claimed(rs, null)).list()
                .stream().sorted(java.util.Comparator.comparingLong(ClaimedTask::id)).toList();
    }

    /** Takes candidates in order while their server stays within the limit, counting this batch's picks. */
    private static List<Long> pick(List<Candidate> candidates, int slots, int perServerLimit) {
        java.util.Map<Long, Integer> perServer = new java.util.HashMap<>();
        List<Long> picked = new java.util.ArrayList<>();
        for (Candidate candidate : candidates) {
            if (picked.size() == slots) {
                break;
            }
            if (candidate.serverId() != null) {
                int running = perServer.getOrDefault(candidate.serverId(), candidate.serverRunning());
                if (running >= perServerLimit) {
                    continue;
                }
                perServer.put(candidate.serverId(), running + 1);
            }
            picked.add(candidate.id());
        }
        return picked;
    }

    private record Candidate(long id, Long serverId, int serverRunning) {
    }

    /**
     * Extends the lease of the tasks this node holds and still runs: one whose end could not be recorded is
     * left to expire, so that recovery finishes it.
     */
    int renewLeases(String owner, Duration lease, java.util.Collection<Long> running) {
        if (running.isEmpty()) {
            return 0;
        }
        return jdbc.sql("""
                        UPDATE tasks SET lease_expires_at = clock_timestamp() + make_interval(secs => :lease)
                        WHERE lease_owner = :owner AND status = 'PROCESSING' AND id IN (:running)""")
                .param("owner", owner).param("lease", seconds(lease)).param("running", List.copyOf(running)).update();
    }

    /**
     * Takes over the tasks whose lease expired (their node stopped), except those {@code owner} is running itself
     * (a lease that lapsed while the database was unreachable); call inside a transaction.
     */
    List<ClaimedTask> takeOverExpired(String owner, Duration lease, java.util.Collection<Long> running) {
        String condition = "lease_expires_at < clock_timestamp()";
        if (running.isEmpty()) {
            return takeOver(condition, List.of(), owner, lease);
        }
        String ids = running.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(","));
        return takeOver(condition + " AND NOT (lease_owner = :owner AND id IN (" + ids + "))", List.of(), owner,
                lease);
    }

    /** Takes over, whatever their lease, the tasks held by {@code previousOwners}; call inside a transaction. */
    List<ClaimedTask> takeOverFrom(List<String> previousOwners, String owner, Duration lease) {
        if (previousOwners.isEmpty()) {
            return List.of();
        }
        return takeOver("lease_owner IN (:previous)", previousOwners, owner, lease);
    }

    private List<ClaimedTask> takeOver(String condition, List<String> previousOwners, String owner, Duration lease) {
        var statement = jdbc.sql("""
                        WITH expired AS (
                            SELECT id, lease_owner FROM tasks
                            WHERE status = 'PROCESSING' AND\s""" + condition + """

                            ORDER BY id FOR UPDATE SKIP LOCKED)
                        UPDATE tasks t SET lease_owner = :owner,
                               lease_expires_at = clock_timestamp() + make_interval(secs => :lease)
                        FROM expired e WHERE t.id = e.id
                        RETURNING t.id, t.type, t.target_type, t.target_id, t.site_id, t.server_id, t.args,
                                  t.requested_by, t.attempt, e.lease_owner AS previous_owner,
                                  (SELECT coalesce(max(l.seq), 0) FROM task_log l WHERE l.task_id = t.id) AS last_seq""")
                .param("owner", owner).param("lease", seconds(lease));
        if (!previousOwners.isEmpty()) {
            statement = statement.param("previous", previousOwners);
        }
        return statement.query((rs, row) -> claimed(rs, rs.getString("previous_owner"))).list();
    }

    /** The nodes other than {@code self} that hold running tasks. */
    List<String> processingOwners(String self) {
        return jdbc.sql("""
                        SELECT DISTINCT lease_owner FROM tasks
                        WHERE status = 'PROCESSING' AND lease_owner IS NOT NULL AND lease_owner <> :self""")
                .param("self", self).query(String.class).list();
    }

    /** Puts a task that had not started a step back in the queue, in its old place. */
    boolean requeue(long taskId, String owner) {
        return jdbc.sql("""
                        UPDATE tasks SET status = 'QUEUED', lease_owner = NULL, lease_expires_at = NULL,
                               started_at = NULL, current_step = NULL
                        WHERE id = :id AND lease_owner = :owner AND status = 'PROCESSING'""")
                .param("id", taskId).param("owner", owner).update() == 1;
    }

    /**
     * One change written in the same statement as the waiting log lines (a data-modifying CTE),
     * so a step boundary costs one round trip and lines and steps never disagree.
     */
    record Write(String sql, Object... params) {
    }

    static List<Write> startStep(long taskId, int seq, String name) {
        return List.of(
                new Write("""
                        INSERT INTO task_steps (task_id, seq, name, status, started_at)
                        VALUES (?, ?, ?, 'RUNNING', clock_timestamp())""", taskId, seq, name),
                new Write("UPDATE tasks SET current_step = ? WHERE id = ?", name, taskId));
    }

    static Write markUndo(long taskId, int seq) {
        return new Write("UPDATE task_steps SET has_undo = TRUE WHERE task_id = ? AND seq = ?", taskId, seq);
    }

    static Write endStep(long taskId, int seq, TaskStep.Status status) {
        return new Write("""
                UPDATE task_steps SET status = ?, finished_at = coalesce(finished_at, clock_timestamp())
                WHERE task_id = ? AND seq = ?""", status.name(), taskId, seq);
    }

    /** A journal entry, written before the change it names (with the waiting lines, in one statement). */
    static Write recordJournal(long taskId, int seq, Integer stepSeq, String step, String kind, String what,
                               String dataJson, JournalEntry.Status status) {
        return new Write("""
                INSERT INTO task_journal (task_id, seq, step_seq, step, kind, what, data, status)
                VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""", taskId, seq, stepSeq, step, kind, what, dataJson,
                status.name());
    }

    static Write markJournal(long taskId, int seq, JournalEntry.Status status) {
        return new Write("""
                UPDATE task_journal SET status = ?, updated_at = clock_timestamp()
                WHERE task_id = ? AND seq = ?""", status.name(), taskId, seq);
    }

    /** The task's journal, oldest first; the entries cannot be marked done (see RunningTask for those). */
    List<RecordedEntry> journal(long taskId, JsonMapper json) {
        return jdbc.sql("""
                        SELECT seq, step_seq, step, kind, what, data::text AS data, status FROM task_journal
                        WHERE task_id = :id ORDER BY seq""")
                .param("id", taskId)
                .query((rs, row) -> new RecordedEntry(taskId, rs.getInt("seq"), rs.getInt("step_seq"),
                        rs.getString("step"), rs.getString("kind"), rs.getString("what"),
                        JournalEntry.Status.valueOf(rs.getString("status")), rs.getString("data"), json, null))
                .list();
    }

    int lastJournalSeq(long taskId) {
        return jdbc.sql("SELECT coalesce(max(seq), 0) FROM task_journal WHERE task_id = :id")
                .param("id", taskId).query(Integer.class).single();
    }

    void endStepNow(long taskId, int seq, TaskStep.Status status) {
        write(List.of(), List.of(endStep(taskId, seq, status)));
    }

    /** Writes the lines and the changes in one statement (inside the caller's transaction, if any). */
    void write(List<PendingLine> lines, List<Write> writes) {
        if (lines.isEmpty() && writes.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder("WITH ");
        List<String> parts = new java.util.ArrayList<>();
        if (!lines.isEmpty()) {
            parts.add("""
                    lines AS (INSERT INTO task_log (task_id, seq, at, level, step, message)
                              SELECT l.task_id, l.seq, l.at, l.level, l.step, l.message
                              FROM unnest(?::bigint[], ?::int[], ?::timestamptz[], ?::text[], ?::text[], ?::text[])
                                   AS l(task_id, seq, at, level, step, message))""");
        }
        for (int i = 0; i < writes.size(); i++) {
            parts.add("w" + i + " AS (" + writes.get(i).sql() + ")");
        }
        sql.append(String.join(", ", parts));
        // Live tails on other nodes learn of the lines by this notification, sent when the transaction commits.
        sql.append(lines.isEmpty() ? " SELECT 1" : " SELECT pg_notify('" + QueueListener.LOG_CHANNEL
                + "', ids.id::text) FROM (SELECT DISTINCT unnest(?::bigint[]) AS id) ids");
        batch.getJdbcTemplate().query(connection -> {
            PreparedStatement statement = connection.prepareStatement(sql.toString());
            int index = lines.isEmpty() ? 1 : bindLines(connection, statement, lines);
            for (Write write : writes) {
                for (Object param : write.params()) {
                    statement.setObject(index++, param);
                }
            }
            if (!lines.isEmpty()) {
                statement.setArray(index, connection.createArrayOf("bigint",
                        lines.stream().map(PendingLine::taskId).distinct().toArray()));
            }
            return statement;
        }, rs -> null);
    }

    /** Binds the lines as six arrays (one per column) for {@code unnest}; returns the next parameter index. */
    private static int bindLines(Connection connection, PreparedStatement statement, List<PendingLine> lines)
            throws SQLException {
        statement.setArray(1, connection.createArrayOf("bigint", lines.stream().map(PendingLine::taskId).toArray()));
        statement.setArray(2, connection.createArrayOf("int4", lines.stream().map(PendingLine::seq).toArray()));
        statement.setArray(3, connection.createArrayOf("timestamptz",
                lines.stream().map(line -> Timestamp.from(line.at())).toArray()));
        statement.setArray(4, connection.createArrayOf("text", lines.stream().map(l -> l.level().name()).toArray()));
        statement.setArray(5, connection.createArrayOf("text", lines.stream().map(PendingLine::step).toArray()));
        statement.setArray(6, connection.createArrayOf("text", lines.stream().map(PendingLine::message).toArray()));
        return 7;
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

    static TaskStep step(ResultSet rs, int row) throws SQLException {
        return new TaskStep(rs.getInt("seq"), rs.getString("name"), TaskStep.Status.valueOf(rs.getString("status")),
                rs.getBoolean("has_undo"), instant(rs, "started_at"), instant(rs, "finished_at"));
    }

    private static ClaimedTask claimed(ResultSet rs, String previousOwner) throws SQLException {
        return new ClaimedTask(rs.getLong("id"), rs.getString("type"), TargetType.valueOf(rs.getString("target_type")),
                rs.getLong("target_id"), (Long) rs.getObject("site_id"), (Long) rs.getObject("server_id"),
                rs.getString("args"), rs.getString("requested_by"), rs.getInt("attempt"), rs.getInt("last_seq"),
                previousOwner);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
