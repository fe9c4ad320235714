package dev.bosun.platform.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface SitePackageRepository extends JpaRepository<SitePackageEntity, SitePackageEntity.Key> {

    @Query("""
            SELECT sp FROM SitePackageEntity sp JOIN FETCH sp.pkg k
            WHERE sp.key.siteId = :siteId ORDER BY k.type, k.name""")
    List<SitePackageEntity> findBySite(@Param("siteId") long siteId);
}
