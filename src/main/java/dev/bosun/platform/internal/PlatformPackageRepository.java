package dev.bosun.platform.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PlatformPackageRepository extends JpaRepository<PlatformPackageEntity, Long> {

    @Query("""
            SELECT pp FROM PlatformPackageEntity pp JOIN FETCH pp.pkg k
            WHERE pp.platformId = :platformId ORDER BY k.type, k.name""")
    List<PlatformPackageEntity> findByPlatform(@Param("platformId") long platformId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("DELETE FROM PlatformPackageEntity pp WHERE pp.platformId = :platformId")
    int deleteByPlatform(@Param("platformId") long platformId);
}
