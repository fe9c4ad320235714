package dev.bosun.account;

import java.time.Instant;

/**
 * How an administrator resets a user's password: a one-time link the user follows to choose one
 * ({@code link}, valid until {@code expiresAt}), or a new random password ({@code password}), each shown once.
 */
public record PasswordReset(String username, String link, Instant expiresAt, String password) {
}
