package dev.bosun.account.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ApiTokenRepository extends JpaRepository<ApiToken, Long> {

    @Query("""
            SELECT t FROM ApiToken t WHERE lower(t.user.username) = lower(:username)
            ORDER BY t.createdAt DESC, t.id DESC""")
    List<ApiToken> findByUser(@Param("username") String username);

    @Query("""
            SELECT t FROM ApiToken t
            WHERE t.id = :id AND t.revokedAt IS NULL AND lower(t.user.username) = lower(:username)""")
    Optional<ApiToken> findActive(@Param("username") String username, @Param("id") long id);

    /** The active token with this hash, with its user when that user is enabled. */
    @Query("""
            SELECT t FROM ApiToken t JOIN FETCH t.user u
            WHERE t.tokenHash = :hash AND t.revokedAt IS NULL AND u.enabled = true""")
    Optional<ApiToken> findUsable(@Param("hash") String hash);
}
