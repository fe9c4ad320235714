package dev.bosun.server.internal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Queues a server's verify task as a row of {@code tasks}; queueing it again while one is open returns
 * the open one (the {@code tasks_open_uk} index).
 */
@Component
public class VerifyQueue {

    private final JdbcClient jdbc;

    VerifyQueue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long queueVerify(long serverId, String requestedBy) {
        return jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, server_id, args, status, requested_by)
                VALUES ('verify', 'SERVER', :id, :id, '{}', 'QUEUED', :by)
                ON CONFLICT (target_type, target_id, type) WHERE status IN ('QUEUED', 'PROCESSING') DO NOTHING
                RETURNING id""")
                .param("id", serverId).param("by", requestedBy)
                .query(Long.class).optional()
                .orElseGet(() -> jdbc.sql("""
                        SELECT id FROM tasks WHERE target_type = 'SERVER' AND target_id = :id AND type = 'verify'
                        AND status IN ('QUEUED', 'PROCESSING')""").param("id", serverId).query(Long.class).single());
    }
}
