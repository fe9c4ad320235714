package dev.bosun.backup.internal;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.NewBackup;
import dev.bosun.backup.NewestBackupChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code backups} table for {@link dev.bosun.backup.BackupService}: entities stay in here,
 * {@link BackupInfo} records go out. Transactions are the calling service's; recording and removing a backup
 * report the site's newest backup ({@link NewestBackupChanged}) in the same transaction.
 */
@Component
public class BackupStore {

    private final StoredBackupRepository backups;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    BackupStore(StoredBackupRepository backups, JdbcClient jdbc, ApplicationEventPublisher events) {
        this.backups = backups;
        this.jdbc = jdbc;
        this.events = events;
    }

    @Transactional
    public BackupInfo save(NewBackup backup) {
        BackupInfo saved = backups.saveAndFlush(new StoredBackup(backup)).info();
        newestChanged(saved.siteId());
        return saved;
    }

    /** The site's backups, newest first. */
    public List<BackupInfo> forSite(long siteId) {
        return backups.findBySiteIdOrderByCreatedAtDescIdDesc(siteId).stream().map(StoredBackup::info).toList();
    }

    /**
     * The time of the newest backup of each of these sites that has one: the ids as one array parameter and one
     * index probe per site (backups_site_idx), not an IN list of as many parameters as sites (the dashboard and
     * the backup manager ask about every enabled site).
     */
    public Map<Long, Instant> newestBySite(Collection<Long> siteIds) {
        Map<Long, Instant> newest = new HashMap<>();
        if (!siteIds.isEmpty()) {
            jdbc.sql("""
                            SELECT i.id, b.created_at FROM unnest(:ids) AS i(id) CROSS JOIN LATERAL (
                                SELECT b.created_at FROM backups b WHERE b.site_id = i.id
                                ORDER BY b.created_at DESC LIMIT 1) b""")
                    .param("ids", siteIds.toArray(Long[]::new))
                    .query(rs -> {
                        newest.put(rs.getLong(1), rs.getTimestamp(2).toInstant());
                    });
        }
        return newest;
    }

    public boolean anyFor(long siteId) {
        return backups.existsBySiteId(siteId);
    }

    public Optional<BackupInfo> find(long id) {
        return backups.findById(id).map(StoredBackup::info);
    }

    /** Marks the backup damaged (once: the first reason is kept). */
    public void markDamaged(long id, String reason, Instant at) {
        backups.findById(id).filter(backup -> backup.info().damage() == null)
                .ifPresent(backup -> backup.markDamaged(reason, at));
    }

    /** The backup whose record names {@code path}. */
    public Optional<BackupInfo> findByPath(String path) {
        return backups.findFirstByPath(path).map(StoredBackup::info);
    }

    /** Whether a backup record names {@code path}. */
    public boolean recorded(String path) {
        return backups.existsByPath(path);
    }

    @Transactional
    public void delete(long id) {
        backups.findById(id).ifPresent(backup -> {
            long siteId = backup.info().siteId();
            backups.delete(backup);
            backups.flush();
            newestChanged(siteId);
        });
    }

    private void newestChanged(long siteId) {
        events.publishEvent(new NewestBackupChanged(siteId, newestBySite(List.of(siteId)).get(siteId)));
    }
}
