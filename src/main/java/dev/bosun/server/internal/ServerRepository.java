package dev.bosun.server.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.server.ServerStatus;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface ServerRepository extends JpaRepository<ServerEntity, Long> {

    @Query("SELECT s FROM ServerEntity s ORDER BY s.master DESC, lower(s.name)")
    List<ServerEntity> findAllMasterFirst();

    Optional<ServerEntity> findByMasterTrue();

    @Query("SELECT s.id FROM ServerEntity s WHERE lower(s.name) = lower(:name)")
    Optional<Long> findIdByName(@Param("name") String name);

    /** One statement: two connections may pin at once, and only the first key offered is kept. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("UPDATE ServerEntity s SET s.hostKey = :key WHERE s.id = :id AND s.hostKey IS NULL")
    int pinHostKey(@Param("id") long id, @Param("key") String hostKey);

    /** A verify enables a QUEUED server and leaves a LOCKED or DELETED one as it is. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            UPDATE ServerEntity s SET s.status = :enabled, s.verifiedAt = :now
            WHERE s.id = :id AND s.status IN (:queued, :enabled)""")
    int markVerified(@Param("id") long id, @Param("now") Instant now, @Param("queued") ServerStatus queued,
                     @Param("enabled") ServerStatus enabled);
}
