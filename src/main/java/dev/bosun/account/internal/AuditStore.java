package dev.bosun.account.internal;

import java.time.Instant;
import java.util.List;

import dev.bosun.account.AuditLog.AuditEntry;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/**
 * The {@code audit_log} table for {@link dev.bosun.account.AuditLog}: entries are appended and
 * read back newest first, never changed. Transactions are the calling service's.
 */
@Component
public class AuditStore {

    private final AuditRecordRepository entries;

    AuditStore(AuditRecordRepository entries) {
        this.entries = entries;
    }

    public void append(Instant at, String username, String action, String targetType, Long targetId, String details,
                       String remoteAddr) {
        entries.save(new AuditRecord(at, username, action, targetType, targetId, details, remoteAddr));
    }

    public List<AuditEntry> latest(int limit) {
        return entries.findAllByOrderByAtDescIdDesc(Limit.of(limit)).stream().map(AuditRecord::entry).toList();
    }
}
