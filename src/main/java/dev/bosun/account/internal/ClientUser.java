package dev.bosun.account.internal;

import java.io.Serializable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

/** A row of {@code client_users}: a CLIENT user sees the sites of the clients it is linked to. */
@Entity
@Table(name = "client_users")
@IdClass(ClientUser.Key.class)
class ClientUser {

    @Id
    @Column(name = "client_id")
    private Long clientId;

    @Id
    @Column(name = "user_id")
    private Long userId;

    protected ClientUser() {
    }

    ClientUser(long clientId, long userId) {
        this.clientId = clientId;
        this.userId = userId;
    }

    long getClientId() {
        return clientId;
    }

    long getUserId() {
        return userId;
    }

    record Key(Long clientId, Long userId) implements Serializable {
    }
}
