package dev.bosun.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
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

    private final JdbcClient jdbc;
    private final AuditLog auditLog;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
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
        long id = jdbc.sql("""
                INSERT INTO api_tokens (user_id, name, token_hash, created_at)
                SELECT id, :name, :hash, :now FROM users WHERE lower(username) = lower(:username)
                RETURNING id""")
                .param("name", label).param("hash", hash(token)).param("now", Timestamp.from(clock.instant()))
                .param("username", username)
                .query(Long.class).optional()
                .orElseThrow(() -> new IllegalArgumentException("No user " + username));
        auditLog.record("api-token.create", "api-token", id, label);
        return new NewToken(id, label, token);
    }

    @Transactional(readOnly = true)
    public List<TokenSummary> list(String username) {
        return jdbc.sql("""
                SELECT t.id, t.name, t.created_at, t.last_used_at, t.revoked_at
                FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE lower(u.username) = lower(:username) ORDER BY t.created_at DESC, t.id DESC""")
                .param("username", username)
                .query((rs, n) -> new TokenSummary(rs.getLong("id"), rs.getString("name"),
                        rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("last_used_at")),
                        instant(rs.getTimestamp("revoked_at"))))
                .list();
    }

    /** Revokes one of the user's own tokens; false when the user has no such active token. */
    @Transactional
    public boolean revoke(String username, long tokenId) {
        int changed = jdbc.sql("""
                UPDATE api_tokens SET revoked_at = :now
                WHERE id = :id AND revoked_at IS NULL
                  AND user_id = (SELECT id FROM users WHERE lower(username) = lower(:username))""")
                .param("now", Timestamp.from(clock.instant())).param("id", tokenId).param("username", username)
                .update();
        if (changed > 0) {
            auditLog.record("api-token.revoke", "api-token", tokenId, null);
        }
        return changed > 0;
    }

    /** The user name a presented token belongs to, when it is known, active and its user enabled. */
    @Transactional
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Optional<String> username = jdbc.sql("""
                UPDATE api_tokens t SET last_used_at = :now FROM users u
                WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND u.id = t.user_id AND u.enabled
                RETURNING u.username""")
                .param("now", Timestamp.from(clock.instant())).param("hash", hash(token))
                .query(String.class).optional();
        return username;
    }

    private static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
