package dev.bosun.platform.internal;

import java.time.Instant;
import java.util.List;

import dev.bosun.platform.PlatformStatus;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PlatformRepository extends JpaRepository<PlatformEntity, Long> {

    @Query("SELECT p FROM PlatformEntity p WHERE p.status <> :excluded ORDER BY lower(p.name), p.id")
    List<PlatformEntity> findAllByName(@Param("excluded") PlatformStatus excluded);

    long countByStatusNot(PlatformStatus status);

    /** Enabled platforms on which the profile is offered (not hidden), by name. */
    @Query(value = """
            SELECT p.* FROM platforms p
            WHERE p.status = 'ENABLED' AND EXISTS (
                SELECT 1 FROM platform_packages pp JOIN packages k ON k.id = pp.package_id
                WHERE pp.platform_id = p.id AND k.type = 'profile' AND k.name = :profile AND NOT pp.hidden)
            ORDER BY p.name""", nativeQuery = true)
    List<PlatformEntity> findEnabledOffering(@Param("profile") String profile);

    long countByServerIdAndStatusNot(long serverId, PlatformStatus status);

    @Query("""
            SELECT count(p) > 0 FROM PlatformEntity p
            WHERE lower(p.name) = lower(:name) AND p.status <> :excluded""")
    boolean nameTaken(@Param("name") String name, @Param("excluded") PlatformStatus excluded);

    @Query("""
            SELECT p.name FROM PlatformEntity p WHERE p.serverId = :serverId AND p.status <> :excluded
            AND TRIM(TRAILING '/' FROM p.rootPath) = TRIM(TRAILING '/' FROM :rootPath) ORDER BY p.id""")
    List<String> namesAtPath(@Param("serverId") long serverId, @Param("rootPath") String rootPath,
                             @Param("excluded") PlatformStatus excluded);

    /** One statement: a verify enables a QUEUED platform, but does not undo a lock that ran meanwhile. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            UPDATE PlatformEntity p SET p.coreVersion = :core, p.verifiedAt = :at, p.updatedAt = :at,
                   p.status = CASE WHEN p.status = :queued THEN :enabled ELSE p.status END
            WHERE p.id = :id""")
    int recordVerified(@Param("id") long id, @Param("core") String coreVersion, @Param("at") Instant at,
                       @Param("queued") PlatformStatus queued, @Param("enabled") PlatformStatus enabled);
}
