package dev.bosun.server.internal;

import java.time.Instant;

import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.DiscriminatorValue;
import jakarta.persistence.Entity;

/** A database service; the admin password is kept as {@code SecretBox} ciphertext only. */
@Entity
@DiscriminatorValue("db")
class DbServiceEntity extends ServiceEntity {

    @Convert(converter = TypeCodes.Db.class)
    @Column(nullable = false)
    private DbType type;

    private String host;

    @Column(name = "admin_user")
    private String adminUser;

    @Column(name = "admin_password_enc")
    private String adminPasswordEncrypted;

    protected DbServiceEntity() {
    }

    DbServiceEntity(long serverId, Instant now) {
        super(serverId, now);
    }

    /** Changes the service; a null {@code passwordEncrypted} keeps the stored password. */
    void change(DbType type, String host, int port, String adminUser, String passwordEncrypted, Instant now) {
        this.type = type;
        this.host = host;
        this.adminUser = adminUser;
        if (passwordEncrypted != null) {
            this.adminPasswordEncrypted = passwordEncrypted;
        }
        changed(port, now);
    }

    String getAdminPasswordEncrypted() {
        return adminPasswordEncrypted;
    }

    DbServiceInfo info() {
        return new DbServiceInfo(getId(), getServerId(), type, host, getPort(), adminUser, getStatus());
    }
}
