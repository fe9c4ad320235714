package dev.bosun.site.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.account.ClientScope;
import dev.bosun.platform.PlatformSite;
import dev.bosun.platform.PlatformSites;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The sites as the platform module asks for them. */
@Component
class PlatformSiteDirectory implements PlatformSites {

    private static final String SITE = "SELECT s.id, s.domain, s.status, s.platform_id, s.profile FROM sites s";

    private final JdbcClient jdbc;

    PlatformSiteDirectory(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public List<PlatformSite> liveOn(long platformId) {
        return jdbc.sql(SITE + " WHERE s.platform_id = :platform AND s.status <> 'DELETED' ORDER BY s.domain")
                .param("platform", platformId).query(PlatformSiteDirectory::site).list();
    }

    @Override
    @Transactional(readOnly = true)
    public List<PlatformSite> liveOn(long platformId, int offset, int limit) {
        return jdbc.sql(SITE + " WHERE s.platform_id = :platform AND s.status <> 'DELETED' ORDER BY s.domain"
                        + " LIMIT :limit OFFSET :offset")
                .param("platform", platformId).param("limit", limit).param("offset", offset)
                .query(PlatformSiteDirectory::site).list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PlatformSite> live(long siteId, List<Long> clientIds) {
        String scope = clientIds == null ? "" : " AND s.client_id IN (:clients)";
        var statement = jdbc.sql(SITE + " WHERE s.id = :id AND s.status <> 'DELETED'" + scope).param("id", siteId);
        if (clientIds != null) {
            statement = statement.param("clients", ClientScope.idsForSql(clientIds));
        }
        return statement.query(PlatformSiteDirectory::site).optional();
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, Long> liveCounts(Collection<Long> platformIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (!platformIds.isEmpty()) {
            jdbc.sql("""
                            SELECT platform_id, count(*) FROM sites
                            WHERE platform_id IN (:platforms) AND status <> 'DELETED' GROUP BY platform_id""")
                    .param("platforms", platformIds)
                    .query(rs -> {
                        counts.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return counts;
    }

    @Override
    @Transactional(readOnly = true)
    public Set<Long> platformsOf(List<Long> clientIds) {
        return Set.copyOf(jdbc.sql(
                        "SELECT DISTINCT platform_id FROM sites WHERE status <> 'DELETED' AND client_id IN (:clients)")
                .param("clients", ClientScope.idsForSql(clientIds)).query(Long.class).list());
    }

    @Override
    @Transactional(readOnly = true)
    public List<PlatformSite> live(int limit) {
        return jdbc.sql(SITE + " WHERE s.status <> 'DELETED' ORDER BY s.domain LIMIT :limit").param("limit", limit)
                .query(PlatformSiteDirectory::site).list();
    }

    private static PlatformSite site(ResultSet rs, int row) throws SQLException {
        return new PlatformSite(rs.getLong("id"), rs.getString("domain"), PlatformSite.Status.valueOf(rs.getString("status")),
                rs.getLong("platform_id"), rs.getString("profile"));
    }
}
