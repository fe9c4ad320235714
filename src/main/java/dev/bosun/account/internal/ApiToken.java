package dev.bosun.account.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import dev.bosun.account.ApiTokens.TokenSummary;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A row of {@code api_tokens}: only the SHA-256 of the token is stored. Use and revocation are
 * conditional one-statement updates in {@link ApiTokenRepository}, not changes to a loaded token.
 */
@Entity
@Table(name = "api_tokens")
class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "user_id", nullable = false)
    private UserAccount user;

    @Column(nullable = false)
    private String name;

    @Column(name = "token_hash", nullable = false)
    private String tokenHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiToken() {
    }

    ApiToken(UserAccount user, String name, String tokenHash, Instant now, Instant expiresAt) {
        this.user = user;
        this.name = name;
        this.tokenHash = tokenHash;
        // The column keeps microseconds: what is handed out now equals what is read back later.
        this.createdAt = now.truncatedTo(ChronoUnit.MICROS);
        this.expiresAt = expiresAt.truncatedTo(ChronoUnit.MICROS);
    }

    Long getId() {
        return id;
    }

    UserAccount getUser() {
        return user;
    }

    Instant getLastUsedAt() {
        return lastUsedAt;
    }

    TokenSummary summary(Instant now) {
        return new TokenSummary(id, name, createdAt, lastUsedAt, expiresAt, revokedAt, !expiresAt.isAfter(now));
    }
}
