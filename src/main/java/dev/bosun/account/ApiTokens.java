package dev.bosun.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import dev.bosun.account.internal.ApiTokenStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * API tokens: per user, shown once at creation, stored only as a SHA-256 hash, revocable.
 * A token acts with its user's role ({@code Authorization: Bearer <token>}).
 */
@Service
public class ApiTokens {

    static final String PREFIX = "bsn_";
    private static final int MAX_NAME = 100;

    private final ApiTokenStore store;
    private final AuditLog auditLog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(ApiTokenStore store, AuditLog auditLog, Clock clock) {
        this.store = store;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    public record TokenSummary(long id, String name, Instant createdAt, Instant lastUsedAt, Instant revokedAt) {

        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A new token; {@code token} is the secret, shown to the user this once. */
    public record NewToken(long id, String name, String token) {
    }

    @Transactional
    public NewToken create(String username, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > MAX_NAME) {
            throw new IllegalArgumentException("Give the token a name of 1 to " + MAX_NAME + " characters.");
        }
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long id = store.create(username, label, hash(token), clock.instant())
                .orElseThrow(() -> new IllegalArgumentException("No user " + username));
        auditLog.record("api-token.create", "api-token", id, label);
        return new NewToken(id, label, token);
    }

    @Transactional(readOnly = true)
    public List<TokenSummary> list(String username) {
        return store.list(username);
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

    /** The user name a presented token belongs to, when it is known, active and its user enabled. */
    @Transactional
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return store.use(hash(token), clock.instant());
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
