package dev.bosun.platform.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface PlatformLanguageRepository extends JpaRepository<PlatformLanguageEntity, PlatformLanguageEntity.Key> {

    @Query("""
            SELECT l FROM PlatformLanguageEntity l WHERE l.key.platformId = :platformId
            ORDER BY l.key.profile, l.key.langcode""")
    List<PlatformLanguageEntity> findByPlatform(@Param("platformId") long platformId);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("DELETE FROM PlatformLanguageEntity l WHERE l.key.platformId = :platformId")
    int deleteByPlatform(@Param("platformId") long platformId);
}
