package dev.bosun.backup.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface StoredBackupRepository extends JpaRepository<StoredBackup, Long> {

    List<StoredBackup> findBySiteIdOrderByCreatedAtDescIdDesc(long siteId);

    boolean existsBySiteId(long siteId);

    boolean existsByPath(String path);

    Optional<StoredBackup> findFirstByPath(String path);

    /** Rows of (site id, time of its newest backup) for those of these sites that have one. */
    @Query("SELECT b.siteId, max(b.createdAt) FROM StoredBackup b WHERE b.siteId IN :siteIds GROUP BY b.siteId")
    List<Object[]> newestBySite(Collection<Long> siteIds);
}
