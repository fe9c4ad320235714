package dev.bosun.account;

import java.time.Instant;
import java.util.List;

/** A user as the users page and API show it: never a password or a secret. */
public record UserView(long id, String username, Role role, String email, boolean enabled, Instant lastLoginAt,
                       List<Long> clientIds, boolean secondFactor) {
}
