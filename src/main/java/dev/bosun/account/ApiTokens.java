package dev.bosun.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.account.internal.ApiTokenStore;
import dev.bosun.account.internal.RandomSecrets;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: per user, shown once at creation, stored only as a SHA-256 hash, revocable, and
 * expiring after a lifetime of 1 to {@value #MAX_DAYS} days chosen at creation (no token lives forever).
 * A token acts with its user's role ({@code Authorization: Bearer <token>}).
 */
@Service
public class ApiTokens {

    static final String PREFIX = "bsn_";
    private static final int MAX_NAME = 100;
    public static final int DEFAULT_DAYS = 90;
    public static final int MAX_DAYS = 365;

    private final ApiTokenStore store;
    private final AuditLog auditLog;
    private final Clock clock;

    ApiTokens(ApiTokenStore store, AuditLog auditLog, Clock clock) {
        this.store = store;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    /** A token as listed; {@code expired} as of the listing. */
    public record TokenSummary(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
                               Instant revokedAt, boolean expired) {

        public boolean revoked() {
            return revokedAt != null;
        }

        public boolean active() {
            return !revoked() && !expired;
        }
    }

    /** A new token; {@code token} is the secret, shown to the user this once. */
    public record NewToken(long id, String name, String token, Instant expiresAt) {
    }

    /** A token that lives {@value #DEFAULT_DAYS} days. */
    @Transactional
    public NewToken create(String username, String name) {
        return create(username, name, null);
    }

    /** A token that lives {@code days} (1 to {@value #MAX_DAYS}; null for {@value #DEFAULT_DAYS}) days. */
    @Transactional
    public NewToken create(String username, String name, Integer days) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > MAX_NAME) {
            throw new InvalidInputException("name", "Give the token a name of 1 to " + MAX_NAME + " characters.");
        }
        int lifetime = days == null ? DEFAULT_DAYS : days;
        if (lifetime < 1 || lifetime > MAX_DAYS) {
            throw new InvalidInputException("days", "A token lives 1 to " + MAX_DAYS + " days.");
        }
        String token = PREFIX + RandomSecrets.urlSafe(32);
        Instant now = clock.instant();
        Instant expiresAt = now.plus(Duration.ofDays(lifetime)).truncatedTo(ChronoUnit.MICROS);
        long id = store.create(username, label, hash(token), now, expiresAt)
                .orElseThrow(() -> new IllegalArgumentException("No user " + username));
        auditLog.record("api-token.create", "api-token", id, label + " (" + lifetime + " days)");
        return new NewToken(id, label, token, expiresAt);
    }

    @Transactional(readOnly = true)
    public List<TokenSummary> list(String username) {
        return store.list(username, clock.instant());
    }

    /** Revokes one of the user's own tokens; false when the user has no such active token. */
    @Transactional
    public boolean revoke(String username, long tokenId) {
        boolean revoked = store.revoke(username, tokenId, clock.instant());
        if (revoked) {
            auditLog.record("api-token.revoke", "api-token", tokenId, null);
        }
        return revoked;
    }

    /**
     * Revokes all of the user's active tokens, as when their password changes; how many were.
     * Audited by the caller, which knows why.
     */
    @Transactional
    public int revokeAll(String username) {
        return store.revokeAll(username, clock.instant());
    }

    /**
     * The user name a presented token belongs to, when it is known, unrevoked, unexpired and its user
     * enabled; the use is noted as the token's last use.
     */
    @Transactional
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return store.use(hash(token), clock.instant());
    }

    /** The SHA-256 of a random token, in hex: how tokens and reset links are stored. */
    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
