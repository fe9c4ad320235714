package dev.bosun.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.account.AuditLog.AuditEntry;
import dev.bosun.account.AuditQuery;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code audit_log} table for {@link dev.bosun.account.AuditLog}: entries are appended and
 * read back newest first, never changed. Transactions are the calling service's.
 */
@Component
public class AuditStore {

    private final AuditRecordRepository entries;
    private final JdbcClient jdbc;

    AuditStore(AuditRecordRepository entries, JdbcClient jdbc) {
        this.entries = entries;
        this.jdbc = jdbc;
    }

    public void append(Instant at, String username, String action, String targetType, Long targetId, String details,
                       String remoteAddr) {
        entries.save(new AuditRecord(at, username, action, targetType, targetId, details, remoteAddr));
    }

    public List<AuditEntry> latest(int limit) {
        return entries.findAllByOrderByAtDescIdDesc(Limit.of(limit)).stream().map(AuditRecord::entry).toList();
    }

    /** The entries the query finds, newest (highest id) first, at most {@code limit}. */
    public List<AuditEntry> search(AuditQuery query, int limit) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (query.user() != null) {
            where.add("lower(username) = lower(:user)");
            params.put("user", query.user());
        }
        if (query.action() != null) {
            where.add("(action = :action OR action LIKE :below)");
            params.put("action", query.action());
            params.put("below", query.action().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ".%");
        }
        if (query.targetType() != null) {
            where.add("target_type = :targetType");
            params.put("targetType", query.targetType());
        }
        if (query.targetId() != null) {
            where.add("target_id = :targetId");
            params.put("targetId", query.targetId());
        }
        if (query.from() != null) {
            where.add("at >= :from");
            params.put("from", Timestamp.from(query.from()));
        }
        if (query.to() != null) {
            where.add("at < :to");
            params.put("to", Timestamp.from(query.to()));
        }
        if (query.before() != null) {
            where.add("id < :before");
            params.put("before", query.before());
        }
        params.put("limit", limit);
        String sql = "SELECT id, at, username, action, target_type, target_id, details, remote_addr FROM audit_log"
                + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where)) + " ORDER BY id DESC LIMIT :limit";
        return jdbc.sql(sql).params(params).query((rs, n) -> new AuditEntry(rs.getLong("id"),
                rs.getTimestamp("at").toInstant(), rs.getString("username"), rs.getString("action"),
                rs.getString("target_type"), (Long) rs.getObject("target_id"), rs.getString("details"),
                rs.getString("remote_addr"))).list();
    }
}
