package dev.bosun.task;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.account.ClientScope;
import dev.bosun.task.TaskLogLine.Level;
import dev.bosun.task.internal.TaskHandlers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Read side of the task queue, for the dashboard, the task pages and the API. Wherever a
 * {@link TaskScope} is taken, only the tasks it lets the caller see are visible: a CLIENT user's
 * clients' sites; server tasks for administrators only. Null sees every task. A task's label and client are stored with it when it is
 * queued ({@link TaskRequest}), so nothing here reads another module's tables.
 */
@Service
public class TaskQueries {

    private static final String SELECT = """
            SELECT t.id, t.type, t.target_type, t.target_id, t.status, t.requested_by,
                   t.created_at, t.started_at, t.finished_at, t.target_label
            FROM tasks t
            """;
    private static final String SCOPE = " AND t.client_id IN (:clientIds)";
    private static final String NO_SERVERS = " AND t.target_type <> 'SERVER'";
    private static final TypeReference<Map<String, Object>> ARGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TaskHandlers handlers;

    TaskQueries(JdbcClient jdbc, JsonMapper json, TaskHandlers handlers) {
        this.jdbc = jdbc;
        this.json = json;
        this.handlers = handlers;
    }

    /** The queue block: what runs, what waits, what finished last. */
    @Transactional(readOnly = true)
    public QueueOverview queueOverview(int recentLimit, TaskScope callerScope) {
        TaskScope scope = callerScope == null ? TaskScope.ALL : callerScope;
        return new QueueOverview(
                list("t.status = 'PROCESSING'", "t.started_at, t.id", 100, scope),
                list("t.status = 'QUEUED'", "t.created_at, t.id", 100, scope),
                list("t.status NOT IN ('QUEUED', 'PROCESSING')", "t.finished_at DESC NULLS LAST, t.id DESC",
                        recentLimit, scope));
    }

    @Transactional(readOnly = true)
    public Optional<TaskSummary> summary(long id) {
        return jdbc.sql(SELECT + " WHERE t.id = :id").param("id", id).query(TaskQueries::summary).optional();
    }

    /**
     * The open (queued or running) task of each type for a target, by type: a page shows the
     * task's status in place of its button while one is open.
     */
    @Transactional(readOnly = true)
    public Map<String, TaskSummary> openTasks(TargetType targetType, long targetId) {
        Map<String, TaskSummary> open = new java.util.LinkedHashMap<>();
        jdbc.sql(SELECT + """
                         WHERE t.target_type = :targetType AND t.target_id = :targetId
                         AND t.status IN ('QUEUED', 'PROCESSING') ORDER BY t.created_at, t.id""")
                .param("targetType", targetType.name()).param("targetId", targetId)
                .query(TaskQueries::summary).list()
                .forEach(task -> open.put(task.type(), task));
        return open;
    }

    /** The open (queued or running) tasks of each of these targets, by target and type (those with one). */
    @Transactional(readOnly = true)
    public Map<Long, Map<String, TaskStatus>> openTasks(TargetType targetType, Collection<Long> targetIds) {
        Map<Long, Map<String, TaskStatus>> open = new HashMap<>();
        if (!targetIds.isEmpty()) {
            jdbc.sql("""
                            SELECT target_id, type, status FROM tasks
                            WHERE target_type = :targetType AND target_id = ANY (:ids) AND status IN ('QUEUED', 'PROCESSING')""")
                    .param("targetType", targetType.name()).param("ids", targetIds.toArray(Long[]::new))
                    .query(rs -> {
                        open.computeIfAbsent(rs.getLong("target_id"), id -> new HashMap<>())
                                .put(rs.getString("type"), TaskStatus.valueOf(rs.getString("status")));
                    });
        }
        return open;
    }

    /**
     * The latest finished task of this type on each of these targets (those with one), in one query: the sites
     * list's "last verify" column, the dashboard's platforms whose verify failed.
     */
    @Transactional(readOnly = true)
    public Map<Long, TaskSummary> lastFinished(TargetType targetType, String type, Collection<Long> targetIds) {
        Map<Long, TaskSummary> latest = new HashMap<>();
        if (targetIds.isEmpty()) {
            return latest;
        }
        // One index probe per target (tasks_target_finished_idx), not every finished task of the type.
        jdbc.sql("""
                        SELECT t.* FROM unnest(:ids) AS i(id) CROSS JOIN LATERAL (
                            SELECT t.id, t.type, t.target_type, t.target_id, t.status, t.requested_by, t.created_at,
                                   t.started_at, t.finished_at, t.target_label
                            FROM tasks t
                            WHERE t.target_type = :targetType AND t.target_id = i.id AND t.type = :type
                              AND t.status IN ('SUCCESS', 'WARNING', 'ERROR')
                            ORDER BY t.finished_at DESC NULLS LAST, t.id DESC LIMIT 1) t""")
                .param("targetType", targetType.name()).param("type", type)
                .param("ids", targetIds.toArray(Long[]::new))
                .query(TaskQueries::summary).list()
                .forEach(task -> latest.put(task.targetId(), task));
        return latest;
    }

    /** The latest tasks of a target, newest first (its task history). */
    @Transactional(readOnly = true)
    public List<TaskSummary> latest(TargetType targetType, long targetId, int limit) {
        return jdbc.sql(SELECT + """
                         WHERE t.target_type = :targetType AND t.target_id = :targetId
                         ORDER BY t.created_at DESC, t.id DESC LIMIT :limit""")
                .param("targetType", targetType.name()).param("targetId", targetId).param("limit", limit)
                .query(TaskQueries::summary).list();
    }

    /**
     * A page of tasks matching the filter, newest first, read in list order through an index and stopped at the
     * page's end: a cursor ({@link TaskFilter#before()}, {@link TaskFilter#after()}, the oldest tasks) costs the same
     * on every page, and the total is counted up to {@link TaskPage#TOTAL_CAP} only.
     */
    @Transactional(readOnly = true)
    public TaskPage page(TaskFilter filter, TaskScope callerScope) {
        TaskScope scope = callerScope == null ? TaskScope.ALL : callerScope;
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, scope, params);
        long counted = jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM tasks t" + where + " LIMIT "
                + (TaskPage.TOTAL_CAP + 1) + ") matching").params(params).query(Long.class).single();
        Optional<Timestamp> before = cursor(filter.before());
        Optional<Timestamp> after = cursor(filter.after());
        int size = filter.size();
        params.put("limit", size + 1);
        List<TaskSummary> items;
        Long olderThan;
        Long newerThan;
        if (after.isPresent() || (filter.oldest() && before.isEmpty())) {
            if (after.isPresent()) {
                params.put("cursorAt", after.get());
                params.put("cursorId", filter.after());
            }
            List<TaskSummary> rows = jdbc.sql(SELECT + where
                            + (after.isPresent() ? " AND (t.created_at, t.id) > (:cursorAt, :cursorId)" : "")
                            + " ORDER BY t.created_at, t.id LIMIT :limit")
                    .params(params).query(TaskQueries::summary).list();
            items = new ArrayList<>(rows.subList(0, Math.min(size, rows.size())));
            java.util.Collections.reverse(items);
            newerThan = rows.size() > size ? items.get(0).id() : null;
            olderThan = after.isPresent() && !items.isEmpty() ? items.get(items.size() - 1).id() : null;
        } else {
            String from = "";
            if (before.isPresent()) {
                params.put("cursorAt", before.get());
                params.put("cursorId", filter.before());
                from = " AND (t.created_at, t.id) < (:cursorAt, :cursorId)";
            } else if (filter.page() > 0) {
                params.put("offset", (long) filter.page() * size);
            }
            List<TaskSummary> rows = jdbc.sql(SELECT + where + from + " ORDER BY t.created_at DESC, t.id DESC LIMIT :limit"
                            + (params.containsKey("offset") ? " OFFSET :offset" : ""))
                    .params(params).query(TaskQueries::summary).list();
            items = rows.subList(0, Math.min(size, rows.size()));
            olderThan = rows.size() > size ? items.get(items.size() - 1).id() : null;
            newerThan = (before.isPresent() || filter.page() > 0) && !items.isEmpty() ? items.get(0).id() : null;
        }
        return new TaskPage(List.copyOf(items), filter.keyset() ? 0 : filter.page(), size,
                Math.min(counted, TaskPage.TOTAL_CAP), counted > TaskPage.TOTAL_CAP, olderThan, newerThan);
    }

    private static String where(TaskFilter filter, TaskScope scope, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" WHERE TRUE");
        if (filter.status() != null) {
            where.append(" AND t.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.type() != null) {
            where.append(" AND t.type = :type");
            params.put("type", filter.type());
        }
        if (filter.siteId() != null) {
            where.append(" AND t.site_id = :siteId");
            params.put("siteId", filter.siteId());
        }
        if (filter.site() != null) {
            // The matching targets from the table of labels (one row per target), then their tasks by index.
            where.append(" AND t.target_type = 'SITE' AND t.target_id IN (SELECT g.target_id FROM task_targets g"
                    + " WHERE g.target_type = 'SITE' AND g.label ILIKE :site)");
            params.put("site", "%" + filter.site().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        where.append(scopeSql(scope));
        if (scope.clientIds() != null) {
            params.put("clientIds", ClientScope.idsForSql(scope.clientIds()));
        }
        return where.toString();
    }

    /** When the cursor task was queued; empty without a cursor or when the task is gone. */
    private Optional<Timestamp> cursor(Long taskId) {
        if (taskId == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT created_at FROM tasks WHERE id = :id").param("id", taskId).query(Timestamp.class)
                .optional();
    }

    /** One task with its arguments and steps, if it exists and the scope lets the caller see it. */
    @Transactional(readOnly = true)
    public Optional<TaskDetails> find(long id, TaskScope callerScope) {
        TaskScope scope = callerScope == null ? TaskScope.ALL : callerScope;
        var statement = jdbc.sql("SELECT t.* FROM tasks t WHERE t.id = :id" + scopeSql(scope))
                .param("id", id);
        if (scope.clientIds() != null) {
            statement = statement.param("clientIds", ClientScope.idsForSql(scope.clientIds()));
        }
        return statement.query((rs, row) -> details(rs, steps(id))).optional();
    }

    /** Whether the task exists and the scope lets the caller see it. */
    @Transactional(readOnly = true)
    public boolean visible(long id, TaskScope callerScope) {
        TaskScope scope = callerScope == null ? TaskScope.ALL : callerScope;
        var statement = jdbc.sql("SELECT count(*) FROM tasks t WHERE t.id = :id" + scopeSql(scope))
                .param("id", id);
        if (scope.clientIds() != null) {
            statement = statement.param("clientIds", ClientScope.idsForSql(scope.clientIds()));
        }
        return statement.query(Long.class).single() > 0;
    }

    /** The task's journal: the changes its steps recorded before making them, and their point of no return. */
    @Transactional(readOnly = true)
    public List<TaskJournalLine> journal(long id) {
        return jdbc.sql("SELECT seq, step, kind, what, status FROM task_journal WHERE task_id = :id ORDER BY seq")
                .param("id", id).query((rs, row) -> new TaskJournalLine(rs.getInt("seq"), rs.getString("step"),
                        rs.getString("kind"), rs.getString("what"), JournalEntry.Status.valueOf(rs.getString("status"))))
                .list();
    }

    @Transactional(readOnly = true)
    public List<TaskStep> steps(long id) {
        return jdbc.sql("""
                        SELECT seq, name, status, has_undo, started_at, finished_at FROM task_steps
                        WHERE task_id = :id ORDER BY seq""")
                .param("id", id).query((rs, row) -> new TaskStep(rs.getInt("seq"), rs.getString("name"),
                        TaskStep.Status.valueOf(rs.getString("status")), rs.getBoolean("has_undo"),
                        instant(rs, "started_at"), instant(rs, "finished_at"))).list();
    }

    /** The task's log lines after line {@code afterSeq}, in order, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<TaskLogLine> log(long id, int afterSeq, int limit) {
        return jdbc.sql("""
                        SELECT task_id, seq, at, level, step, message FROM task_log
                        WHERE task_id = :id AND seq > :after ORDER BY seq LIMIT :limit""")
                .param("id", id).param("after", afterSeq).param("limit", limit)
                .query((rs, row) -> new TaskLogLine(rs.getLong("task_id"), rs.getInt("seq"), instant(rs, "at"),
                        Level.valueOf(rs.getString("level")), rs.getString("step"), rs.getString("message")))
                .list();
    }

    /**
     * The last {@code limit} log lines before line {@code beforeSeq}, in order: the end of the log
     * ({@code beforeSeq} {@link Integer#MAX_VALUE}) or the part before what a page shows.
     */
    @Transactional(readOnly = true)
    public List<TaskLogLine> logBefore(long id, int beforeSeq, int limit) {
        List<TaskLogLine> lines = new ArrayList<>(jdbc.sql("""
                        SELECT task_id, seq, at, level, step, message FROM task_log
                        WHERE task_id = :id AND seq < :before ORDER BY seq DESC LIMIT :limit""")
                .param("id", id).param("before", beforeSeq).param("limit", limit)
                .query((rs, row) -> new TaskLogLine(rs.getLong("task_id"), rs.getInt("seq"), instant(rs, "at"),
                        Level.valueOf(rs.getString("level")), rs.getString("step"), rs.getString("message")))
                .list());
        java.util.Collections.reverse(lines);
        return lines;
    }

    /**
     * The worst level (WARNING or ERROR) each step of the task wrote, by step name; steps that wrote neither are
     * left out.
     */
    @Transactional(readOnly = true)
    public Map<String, Level> stepLevels(long id) {
        Map<String, Level> levels = new HashMap<>();
        jdbc.sql("""
                        SELECT step, bool_or(level = 'ERROR') AS failed FROM task_log
                        WHERE task_id = :id AND step IS NOT NULL AND level IN ('WARNING', 'ERROR') GROUP BY step""")
                .param("id", id)
                .query(rs -> {
                    levels.put(rs.getString("step"), rs.getBoolean("failed") ? Level.ERROR : Level.WARNING);
                });
        return levels;
    }

    /**
     * How far the task is: its status, its steps' statuses and its count of warning and error lines. A live page
     * refreshes its steps when this changes. Empty when the task is gone.
     */
    @Transactional(readOnly = true)
    public Optional<TaskProgress> progress(long id) {
        return jdbc.sql("""
                        SELECT t.status, coalesce(string_agg(s.seq || ':' || s.status, ',' ORDER BY s.seq), '') AS steps,
                               (SELECT count(*) FROM task_log l WHERE l.task_id = t.id
                                AND l.level IN ('WARNING', 'ERROR')) AS flagged
                        FROM tasks t LEFT JOIN task_steps s ON s.task_id = t.id WHERE t.id = :id GROUP BY t.id, t.status""")
                .param("id", id)
                .query((rs, row) -> new TaskProgress(TaskStatus.valueOf(rs.getString("status")), rs.getString("steps"),
                        rs.getLong("flagged")))
                .optional();
    }

    @Transactional(readOnly = true)
    public Optional<TaskStatus> status(long id) {
        return jdbc.sql("SELECT status FROM tasks WHERE id = :id").param("id", id)
                .query(String.class).optional().map(TaskStatus::valueOf);
    }

    /**
     * When a task of this type was last queued on each target of this kind that had one: the backup manager's "last
     * attempt" of every site, every minute. Read from the table the queueing keeps ({@code task_target_types}), one
     * range of it, not a probe per target into the million tasks.
     */
    @Transactional(readOnly = true)
    public Map<Long, Instant> lastQueued(TargetType targetType, String type) {
        Map<Long, Instant> last = new HashMap<>();
        jdbc.sql("""
                        SELECT target_id, last_queued_at FROM task_target_types
                        WHERE target_type = :targetType AND type = :type""")
                .param("targetType", targetType.name()).param("type", type)
                .query(rs -> {
                    last.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                });
        return last;
    }

    /** Those of these targets that have a task of one of these types queued or running. */
    @Transactional(readOnly = true)
    public Set<Long> openOn(TargetType targetType, Collection<String> types, Collection<Long> targetIds) {
        if (types.isEmpty() || targetIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("""
                        SELECT DISTINCT target_id FROM tasks
                        WHERE target_type = :targetType AND status IN ('QUEUED', 'PROCESSING')
                        AND type IN (:types) AND target_id IN (:ids)""")
                .param("targetType", targetType.name()).param("types", types).param("ids", targetIds)
                .query(Long.class).list());
    }

    /** The targets where a task of this type requested by {@code requestedBy} ended in ERROR after {@code after}. */
    @Transactional(readOnly = true)
    public Set<Long> failedSince(TargetType targetType, String type, String requestedBy, Instant after) {
        return new HashSet<>(jdbc.sql("""
                        SELECT DISTINCT target_id FROM tasks
                        WHERE target_type = :targetType AND type = :type AND status = 'ERROR'
                        AND requested_by = :requestedBy AND finished_at > :after""")
                .param("targetType", targetType.name()).param("type", type).param("requestedBy", requestedBy)
                .param("after", Timestamp.from(after)).query(Long.class).list());
    }

    /**
     * The whole numbers an array argument lists in the tasks that are queued or running (e.g. the backups a
     * backup-delete removes).
     */
    @Transactional(readOnly = true)
    public Set<Long> openTaskArrayArgument(String argument) {
        return new HashSet<>(jdbc.sql("""
                        SELECT e::bigint FROM tasks t CROSS JOIN LATERAL jsonb_array_elements_text(
                            CASE WHEN jsonb_typeof(t.args::jsonb -> :argument) = 'array' THEN t.args::jsonb -> :argument
                                 ELSE '[]'::jsonb END) AS e
                        WHERE t.status IN ('QUEUED', 'PROCESSING') AND e ~ '^[0-9]{1,18}$'""")
                .param("argument", argument).query(Long.class).list());
    }

    /** The whole numbers an argument names in the tasks that are queued or running (e.g. the backup a restore uses). */
    @Transactional(readOnly = true)
    public Set<Long> openTaskArgument(String argument) {
        return new HashSet<>(jdbc.sql("""
                        SELECT (args::jsonb ->> :argument)::bigint FROM tasks
                        WHERE status IN ('QUEUED', 'PROCESSING') AND args::jsonb ->> :argument ~ '^[0-9]{1,18}$'""")
                .param("argument", argument).query(Long.class).list());
    }

    /** Whether a task of this type on this kind of target is queued or running with the argument set to the value. */
    @Transactional(readOnly = true)
    public boolean openWithArgument(TargetType targetType, String type, String argument, String value) {
        return jdbc.sql("""
                        SELECT EXISTS (SELECT 1 FROM tasks t WHERE t.type = :type AND t.target_type = :targetType
                                       AND t.status IN ('QUEUED', 'PROCESSING') AND t.args::jsonb ->> :argument = :value)""")
                .param("type", type).param("targetType", targetType.name()).param("argument", argument)
                .param("value", value).query(Boolean.class).single();
    }

    /** How many tasks are queued or running (for a CLIENT user's scope: on those clients' sites). */
    @Transactional(readOnly = true)
    public long openCount(List<Long> clientIds) {
        var statement = jdbc.sql("SELECT count(*) FROM tasks t WHERE t.status IN ('QUEUED', 'PROCESSING')"
                + (clientIds == null ? "" : SCOPE));
        if (clientIds != null) {
            statement = statement.param("clientIds", ClientScope.idsForSql(clientIds));
        }
        return statement.query(Long.class).single();
    }

    /** The task types handlers are registered for, for the list's filter (not read from the million tasks). */
    public List<String> types() {
        return List.copyOf(handlers.types());
    }

    private List<TaskSummary> list(String condition, String order, int limit, TaskScope scope) {
        var statement = jdbc.sql(SELECT + " WHERE " + condition + scopeSql(scope) + " ORDER BY " + order
                        + " LIMIT :limit")
                .param("limit", limit);
        if (scope.clientIds() != null) {
            statement = statement.param("clientIds", ClientScope.idsForSql(scope.clientIds()));
        }
        return statement.query(TaskQueries::summary).list();
    }

    private static String scopeSql(TaskScope scope) {
        return (scope.clientIds() == null ? "" : SCOPE) + (scope.servers() ? "" : NO_SERVERS);
    }

    private TaskDetails details(ResultSet rs, List<TaskStep> steps) throws SQLException {
        return new TaskDetails(rs.getLong("id"), rs.getString("type"), TargetType.valueOf(rs.getString("target_type")),
                rs.getLong("target_id"), rs.getString("target_label"), (Long) rs.getObject("site_id"),
                (Long) rs.getObject("server_id"), TaskStatus.valueOf(rs.getString("status")),
                rs.getString("requested_by"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getInt("attempt"), json.readValue(rs.getString("args"), ARGS),
                rs.getString("current_step"), rs.getString("summary"), rs.getString("lease_owner"),
                (Long) rs.getObject("retry_of"), rs.getTimestamp("log_purged_at") != null, new ArrayList<>(steps));
    }

    static TaskSummary summary(ResultSet rs, int row) throws SQLException {
        return new TaskSummary(rs.getLong("id"), rs.getString("type"), TargetType.valueOf(rs.getString("target_type")),
                rs.getLong("target_id"), rs.getString("target_label"), TaskStatus.valueOf(rs.getString("status")),
                rs.getString("requested_by"), instant(rs, "created_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
