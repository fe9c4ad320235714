package dev.bosun.backup.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

interface StoredBackupRepository extends JpaRepository<StoredBackup, Long> {

    List<StoredBackup> findBySiteIdOrderByCreatedAtDescIdDesc(long siteId);

    boolean existsBySiteId(long siteId);

    boolean existsByPath(String path);

    Optional<StoredBackup> findFirstByPath(String path);
}
