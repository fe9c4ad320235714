package dev.bosun.account;

import java.time.Instant;

public record UserSummary(long id, String username, Role role, String email, boolean enabled, Instant lastLoginAt) {
}
