package dev.bosun.account.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    @Query("""
            SELECT t FROM ApiToken t WHERE lower(t.user.username) = lower(:username)
            ORDER BY t.createdAt DESC, t.id DESC""")
    List<ApiToken> findByUser(@Param("username") String username);

    /** Revokes the user's token if it is still active; 1 when it was, else 0. */
    @Modifying
    @Query("""
            UPDATE ApiToken t SET t.revokedAt = :now
            WHERE t.id = :id AND t.revokedAt IS NULL
              AND t.user.id IN (SELECT u.id FROM UserAccount u WHERE lower(u.username) = lower(:username))""")
    int revoke(@Param("username") String username, @Param("id") long id, @Param("now") Instant now);

    /** Notes a use of the token if it is still active, so that a use never undoes a revocation. */
    @Modifying
    @Query("UPDATE ApiToken t SET t.lastUsedAt = :now WHERE t.id = :id AND t.revokedAt IS NULL")
    int markUsed(@Param("id") long id, @Param("now") Instant now);

    /** Revokes every active token of the user; how many were. */
    @Modifying
    @Query("""
            UPDATE ApiToken t SET t.revokedAt = :now
            WHERE t.revokedAt IS NULL
              AND t.user.id IN (SELECT u.id FROM UserAccount u WHERE lower(u.username) = lower(:username))""")
    int revokeAll(@Param("username") String username, @Param("now") Instant now);

    /** The active, unexpired token with this hash, with its user when that user is enabled. */
    @Query("""
            SELECT t FROM ApiToken t JOIN FETCH t.user u
            WHERE t.tokenHash = :hash AND t.revokedAt IS NULL AND t.expiresAt > :now AND u.enabled = true""")
    Optional<ApiToken> findUsable(@Param("hash") String hash, @Param("now") Instant now);
}
