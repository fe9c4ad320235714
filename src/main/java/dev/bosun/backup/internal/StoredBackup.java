package dev.bosun.backup.internal;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.NewBackup;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code backups}: one archive file of a site and why it was made. */
@Entity
@Table(name = "backups")
class StoredBackup {

    static final String FORMAT = "tar.gz";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "site_id", nullable = false)
    private long siteId;

    @Column(name = "task_id")
    private Long taskId;

    @Column(nullable = false)
    private String path;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(nullable = false)
    private String description;

    @Column(nullable = false)
    private String format;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private BackupKind kind;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "damaged_at")
    private Instant damagedAt;

    @Column(length = 1000)
    private String damage;

    protected StoredBackup() {
    }

    StoredBackup(NewBackup backup) {
        BackupArchive archive = backup.archive();
        this.siteId = backup.siteId();
        this.taskId = backup.taskId();
        this.path = archive.path().toString();
        this.sizeBytes = archive.size();
        this.sha256 = archive.sha256();
        this.description = backup.description();
        this.format = FORMAT;
        this.kind = backup.kind();
        // The column keeps microseconds: the record handed out now equals the one read back later.
        this.createdAt = archive.createdAt().truncatedTo(ChronoUnit.MICROS);
    }

    BackupKind getKind() {
        return kind;
    }

    Long getTaskId() {
        return taskId;
    }

    void markDamaged(String reason, Instant at) {
        this.damage = reason.length() > 1000 ? reason.substring(0, 999) + "…" : reason;
        this.damagedAt = at.truncatedTo(ChronoUnit.MICROS);
    }

    BackupInfo info() {
        return new BackupInfo(id, siteId, createdAt, sizeBytes, sha256, description, Path.of(path), damage);
    }
}
