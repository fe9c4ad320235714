package dev.bosun.account.internal;

import java.time.Instant;

import dev.bosun.account.AuditLog.AuditEntry;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;

/** A row of {@code audit_log}: written once, never changed. */
@Entity
@Immutable
@Table(name = "audit_log")
class AuditRecord {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    private String username;

    @Column(nullable = false)
    private String action;

    @Column(name = "target_type")
    private String targetType;

    @Column(name = "target_id")
    private Long targetId;

    private String details;

    @Column(name = "remote_addr")
    private String remoteAddr;

    protected AuditRecord() {
    }

    AuditRecord(Instant at, String username, String action, String targetType, Long targetId, String details,
                String remoteAddr) {
        this.at = at;
        this.username = username;
        this.action = action;
        this.targetType = targetType;
        this.targetId = targetId;
        this.details = details;
        this.remoteAddr = remoteAddr;
    }

    AuditEntry entry() {
        return new AuditEntry(id, at, username, action, targetType, targetId, details, remoteAddr);
    }
}
