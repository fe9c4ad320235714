package dev.bosun.server.internal;

import java.time.Instant;

import dev.bosun.server.ServerStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.DynamicUpdate;

/** A row of {@code servers}; it never leaves the module, {@link ServerStore} maps it to a {@code ServerInfo}. */
@Entity
@Table(name = "servers")
@DynamicUpdate
class ServerEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String name;

    @Column(nullable = false)
    private String hostname;

    @Column(nullable = false)
    private int port;

    @Column(name = "ssh_user")
    private String sshUser;

    @Column(nullable = false)
    private boolean master;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private ServerStatus status;

    @Column(name = "host_key")
    private String hostKey;

    @Column(name = "verified_at")
    private Instant verifiedAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ServerEntity() {
    }

    /** A new server, QUEUED until its first verify. */
    ServerEntity(String name, String hostname, int port, String sshUser, boolean master, Instant now) {
        this.name = name;
        this.hostname = hostname;
        this.port = port;
        this.sshUser = sshUser;
        this.master = master;
        this.status = ServerStatus.QUEUED;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /** Changes the server; a new address forgets the pinned host key, which belonged to the old one. */
    void change(String name, String hostname, int port, String sshUser, boolean master, Instant now) {
        if (!this.hostname.equals(hostname) || this.port != port) {
            this.hostKey = null;
        }
        this.name = name;
        this.hostname = hostname;
        this.port = port;
        this.sshUser = sshUser;
        this.master = master;
        this.updatedAt = now;
    }

    void forgetHostKey(Instant now) {
        this.hostKey = null;
        this.updatedAt = now;
    }

    Long getId() {
        return id;
    }

    String getName() {
        return name;
    }

    String getHostname() {
        return hostname;
    }

    int getPort() {
        return port;
    }

    String getSshUser() {
        return sshUser;
    }

    boolean isMaster() {
        return master;
    }

    ServerStatus getStatus() {
        return status;
    }

    String getHostKey() {
        return hostKey;
    }

    Instant getVerifiedAt() {
        return verifiedAt;
    }
}
