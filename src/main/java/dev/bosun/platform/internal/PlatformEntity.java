package dev.bosun.platform.internal;

import java.time.Instant;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformLabel;
import dev.bosun.platform.PlatformStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/**
 * A row of {@code platforms}. The server is another module's record: the platform keeps its id; its name and the
 * count of the platform's live sites come from the server and site modules (see {@link PlatformStore}).
 */
@Entity
@Table(name = "platforms")
@DynamicUpdate
class PlatformEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(name = "server_id", nullable = false)
    private long serverId;

    @Column(name = "root_path", nullable = false)
    private String rootPath;

    @Column(nullable = false)
    private String docroot;

    @Column(name = "drush_path", nullable = false)
    private String drushPath;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private PlatformStatus status;

    @Column(name = "core_version")
    private String coreVersion;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    @Column(name = "check_path", nullable = false)
    private String checkPath = "/";

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected PlatformEntity() {
    }

    /** A new platform, QUEUED until its first verify. */
    PlatformEntity(String name, long serverId, String rootPath, String docroot, String drushPath, Instant now) {
        this.name = name;
        this.serverId = serverId;
        this.rootPath = rootPath;
        this.docroot = docroot;
        this.drushPath = drushPath;
        this.status = PlatformStatus.QUEUED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void setStatus(PlatformStatus status, Instant now) {
        this.status = status;
        this.updatedAt = now;
    }

    String getCheckPath() {
        return checkPath;
    }

    void setCheckPath(String checkPath, Instant now) {
        this.checkPath = checkPath;
        this.updatedAt = now;
    }

    Long getId() {
        return id;
    }

    long getServerId() {
        return serverId;
    }

    PlatformLabel label() {
        return new PlatformLabel(id, name, serverId, coreVersion);
    }

    Platform platform(String serverName, long liveSites) {
        return new Platform(id, name, serverId, serverName, rootPath, docroot, drushPath, status, coreVersion, verifiedAt,
                liveSites);
    }
}
