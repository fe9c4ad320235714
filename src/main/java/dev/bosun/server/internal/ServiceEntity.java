package dev.bosun.server.internal;

import java.time.Instant;

import dev.bosun.server.ServerStatus;
import jakarta.persistence.Column;
import jakarta.persistence.DiscriminatorColumn;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/** A row of {@code services}: its {@code kind} column tells an http service from a db service. */
@Entity
@Table(name = "services")
@DynamicUpdate
@Inheritance(strategy = InheritanceType.SINGLE_TABLE)
@DiscriminatorColumn(name = "kind", length = 10)
abstract class ServiceEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "server_id", nullable = false)
    private long serverId;

    private Integer port;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ServerStatus status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ServiceEntity() {
    }

    /** A new service, QUEUED until its server's next verify. */
    ServiceEntity(long serverId, Instant now) {
        this.serverId = serverId;
        this.status = ServerStatus.QUEUED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    void changed(int port, Instant now) {
        this.port = port;
        this.updatedAt = now;
    }

    Long getId() {
        return id;
    }

    long getServerId() {
        return serverId;
    }

    int getPort() {
        return port == null ? 0 : port;
    }

    ServerStatus getStatus() {
        return status;
    }
}
