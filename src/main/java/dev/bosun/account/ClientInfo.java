package dev.bosun.account;

import java.time.Instant;

/** A client: the owner of sites. */
public record ClientInfo(long id, String name, String email, long sites, long users, Instant createdAt) {
}
