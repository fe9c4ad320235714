package dev.bosun.account;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The audit log: who did what to which object, and from where. */
@Service
public class AuditLog {

    private final JdbcClient jdbc;
    private final Clock clock;

    AuditLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an action of the current user (or of the system when there is none). */
    @Transactional(propagation = Propagation.REQUIRED)
    public void record(String action, String targetType, Long targetId, String details) {
        recordAs(currentUsername(), action, targetType, targetId, details);
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public void recordAs(String username, String action, String targetType, Long targetId, String details) {
        jdbc.sql("""
                INSERT INTO audit_log (at, username, action, target_type, target_id, details, remote_addr)
                VALUES (:at, :username, :action, :targetType, :targetId, :details, :remoteAddr)""")
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .param("username", username)
                .param("action", action)
                .param("targetType", targetType)
                .param("targetId", targetId)
                .param("details", details)
                .param("remoteAddr", remoteAddress())
                .update();
    }

    @Transactional(readOnly = true)
    public List<AuditEntry> latest(int limit) {
        return jdbc.sql("""
                SELECT id, at, username, action, target_type, target_id, details, remote_addr
                FROM audit_log ORDER BY at DESC, id DESC LIMIT :limit""")
                .param("limit", limit)
                .query((rs, n) -> new AuditEntry(rs.getLong("id"), rs.getTimestamp("at").toInstant(),
                        rs.getString("username"), rs.getString("action"), rs.getString("target_type"),
                        (Long) rs.getObject("target_id"), rs.getString("details"), rs.getString("remote_addr")))
                .list();
    }

    /** The signed-in user, or "system" for work not done on a user's behalf. */
    public static String currentUsername() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }

    private static String remoteAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            return attributes.getRequest().getRemoteAddr();
        }
        return null;
    }

    public record AuditEntry(long id, Instant at, String username, String action, String targetType, Long targetId,
                             String details, String remoteAddr) {
    }
}
