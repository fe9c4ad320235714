package dev.bosun.account.internal;

import java.time.Instant;

import dev.bosun.account.ClientInfo;

/** A client as stored, with the number of users linked to it; the sites it owns are counted elsewhere. */
public record ClientRow(long id, String name, String email, Instant createdAt, long users) {

    public ClientInfo info(long sites) {
        return new ClientInfo(id, name, email, sites, users, createdAt);
    }
}
