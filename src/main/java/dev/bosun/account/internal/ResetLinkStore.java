package dev.bosun.account.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code password_reset_links} table: one-time links, stored only as a SHA-256 hash of their
 * token. Transactions are the calling service's.
 */
@Component
public class ResetLinkStore {

    private final JdbcClient jdbc;

    ResetLinkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores a new link; the user's earlier unused links stop working. */
    public void create(long userId, String tokenHash, Instant now, Instant expiresAt) {
        jdbc.sql("UPDATE password_reset_links SET used_at = :now WHERE user_id = :user AND used_at IS NULL")
                .param("now", Timestamp.from(now)).param("user", userId).update();
        jdbc.sql("""
                INSERT INTO password_reset_links (user_id, token_hash, created_at, expires_at)
                VALUES (:user, :hash, :now, :expires)""")
                .param("user", userId).param("hash", tokenHash).param("now", Timestamp.from(now))
                .param("expires", Timestamp.from(expiresAt)).update();
    }

    /** The user a usable (unused, unexpired) link belongs to. */
    public Optional<Long> usableBy(String tokenHash, Instant now) {
        return jdbc.sql("""
                SELECT user_id FROM password_reset_links
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now""")
                .param("hash", tokenHash).param("now", Timestamp.from(now)).query(Long.class).optional();
    }

    /** Marks the link used; false when it was used (or expired) meanwhile, so that it works once only. */
    public boolean use(String tokenHash, Instant now) {
        return jdbc.sql("""
                UPDATE password_reset_links SET used_at = :now
                WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now""")
                .param("hash", tokenHash).param("now", Timestamp.from(now)).update() == 1;
    }
}
