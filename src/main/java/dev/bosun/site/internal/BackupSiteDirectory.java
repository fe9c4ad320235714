package dev.bosun.site.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.backup.BackupSites;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTasks;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The sites as the backup manager asks for them; which site offers a backup is the site task rules' answer. */
@Component
class BackupSiteDirectory implements BackupSites {

    private final JdbcClient jdbc;
    private final SiteTasks siteTasks;

    BackupSiteDirectory(JdbcClient jdbc, SiteTasks siteTasks) {
        this.jdbc = jdbc;
        this.siteTasks = siteTasks;
    }

    @Override
    public List<Site> offeringBackup() {
        Map<Long, Instant> lastBackups = new HashMap<>();
        List<SiteTasks.Candidate> live = jdbc.sql("""
                        SELECT id, domain, status, last_backup_at FROM sites WHERE status <> 'DELETED' ORDER BY id""")
                .query((rs, n) -> {
                    Timestamp last = rs.getTimestamp("last_backup_at");
                    if (last != null) {
                        lastBackups.put(rs.getLong("id"), last.toInstant());
                    }
                    return new SiteTasks.Candidate(rs.getLong("id"), rs.getString("domain"),
                            SiteStatus.valueOf(rs.getString("status")), last != null);
                }).list();
        Set<Long> offering = siteTasks.offering(SiteTaskType.BACKUP, live);
        return live.stream().filter(site -> offering.contains(site.id()))
                .map(site -> new Site(site.id(), site.domain(), lastBackups.get(site.id()))).toList();
    }

    @Override
    public Optional<Long> liveSite(String domain) {
        return jdbc.sql("SELECT id FROM sites WHERE domain = :domain AND status <> 'DELETED'").param("domain", domain)
                .query(Long.class).optional();
    }

    @Override
    public Map<Long, String> liveDomains(Collection<Long> siteIds) {
        Map<Long, String> domains = new HashMap<>();
        if (!siteIds.isEmpty()) {
            jdbc.sql("SELECT id, domain FROM sites WHERE id IN (:ids) AND status <> 'DELETED'").param("ids", siteIds)
                    .query(rs -> {
                        domains.put(rs.getLong("id"), rs.getString("domain"));
                    });
        }
        return domains;
    }

    @Override
    public DomainPage liveDomainsPage(Collection<Long> siteIds, int offset, int limit) {
        if (siteIds.isEmpty()) {
            return new DomainPage(List.of(), 0);
        }
        Long[] ids = siteIds.toArray(Long[]::new);
        long[] total = {0};
        List<Domain> items = jdbc.sql("""
                        SELECT id, domain, count(*) OVER () AS total FROM sites
                        WHERE id = ANY (:ids) AND status <> 'DELETED' ORDER BY domain, id LIMIT :limit OFFSET :offset""")
                .param("ids", ids).param("limit", limit).param("offset", offset)
                .query((rs, n) -> {
                    total[0] = rs.getLong("total");
                    return new Domain(rs.getLong("id"), rs.getString("domain"));
                }).list();
        if (items.isEmpty() && offset > 0) {
            // Past the last page: the count alone.
            total[0] = jdbc.sql("SELECT count(*) FROM sites WHERE id = ANY (:ids) AND status <> 'DELETED'")
                    .param("ids", ids).query(Long.class).single();
        }
        return new DomainPage(items, total[0]);
    }

    @Override
    public Set<Long> deleted(Collection<Long> siteIds) {
        if (siteIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT id FROM sites WHERE id IN (:ids) AND status = 'DELETED'")
                .param("ids", siteIds).query(Long.class).list());
    }
}
