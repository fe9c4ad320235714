package dev.bosun.site;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.account.ClientScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of sites: lists with search, filter and paging, and single sites, within a client scope. */
@Service
public class SiteQueries {

    private static final String FROM = """
            FROM sites s
            JOIN platforms p ON p.id = s.platform_id
            JOIN clients c ON c.id = s.client_id
            JOIN services d ON d.id = s.db_service_id
            JOIN servers v ON v.id = d.server_id
            """;
    private static final String COLUMNS = """
            SELECT s.id, s.domain, s.status, s.platform_id, p.name AS platform_name, p.server_id AS web_server_id,
                   s.db_service_id,
                   v.name AS db_server_name, s.client_id, c.name AS client_name, s.profile, s.language,
                   s.created_at, s.installed_at, s.login_url, s.login_url_pending
            """;

    private final JdbcClient jdbc;

    SiteQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public SitePage page(SiteFilter filter, ClientScope scope) {
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, scope, params);
        long total = jdbc.sql("SELECT count(*) " + FROM + where).params(params).query(Long.class).single();
        params.put("limit", filter.size());
        params.put("offset", (long) filter.page() * filter.size());
        List<SiteSummary> items = jdbc.sql(COLUMNS + FROM + where + " ORDER BY s.domain, s.id LIMIT :limit OFFSET :offset")
                .params(params).query(SiteQueries::summary).list();
        return new SitePage(items, filter.page(), filter.size(), total);
    }

    /** The site, when it exists and the scope may see it. */
    @Transactional(readOnly = true)
    public Optional<SiteSummary> find(long id, ClientScope scope) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        String where = " WHERE s.id = :id" + scopeCondition(scope, params);
        return jdbc.sql(COLUMNS + FROM + where).params(params).query(SiteQueries::summary).optional();
    }

    @Transactional(readOnly = true)
    public SiteSummary get(long id, ClientScope scope) {
        return find(id, scope).orElseThrow(() -> new SiteNotFoundException(id));
    }

    @Transactional(readOnly = true)
    public List<SiteAlias> aliases(long siteId) {
        return jdbc.sql("SELECT alias, redirect FROM site_aliases WHERE site_id = :id ORDER BY alias")
                .param("id", siteId)
                .query((rs, n) -> new SiteAlias(rs.getString("alias"), rs.getBoolean("redirect")))
                .list();
    }

    /** Whether a domain is taken by a site that is not deleted, as its domain or an alias. */
    @Transactional(readOnly = true)
    public boolean domainTaken(String domain, Long exceptSiteId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM sites s WHERE s.status <> 'DELETED' AND s.domain = :d AND s.id <> :except)
                    OR EXISTS (SELECT 1 FROM site_aliases a JOIN sites s ON s.id = a.site_id
                               WHERE s.status <> 'DELETED' AND a.alias = :d AND s.id <> :except)""")
                .param("d", domain).param("except", exceptSiteId == null ? -1L : exceptSiteId)
                .query(Boolean.class).single();
    }

    /** Whether a clone task that makes a site with this domain is queued or running. */
    @Transactional(readOnly = true)
    public boolean beingCloned(String domain) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM tasks t WHERE t.type = 'clone' AND t.target_type = 'SITE'
                               AND t.status IN ('QUEUED', 'PROCESSING') AND t.args::jsonb ->> 'domain' = :domain)""")
                .param("domain", domain).query(Boolean.class).single();
    }

    private static String where(SiteFilter filter, ClientScope scope, Map<String, Object> params) {
        StringBuilder where = new StringBuilder(" WHERE ");
        if (filter.status() == null) {
            where.append("s.status <> 'DELETED'");
        } else {
            where.append("s.status = :status");
            params.put("status", filter.status().name());
        }
        if (filter.q() != null) {
            where.append(" AND (s.domain LIKE :q OR EXISTS (SELECT 1 FROM site_aliases a"
                    + " WHERE a.site_id = s.id AND a.alias LIKE :q))");
            params.put("q", "%" + filter.q().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        where.append(scopeCondition(scope, params));
        return where.toString();
    }

    private static String scopeCondition(ClientScope scope, Map<String, Object> params) {
        if (scope.all()) {
            return "";
        }
        params.put("clientIds", scope.idsForSql());
        return " AND s.client_id IN (:clientIds)";
    }

    static SiteSummary summary(ResultSet rs, int row) throws SQLException {
        return new SiteSummary(rs.getLong("id"), rs.getString("domain"), SiteStatus.valueOf(rs.getString("status")),
                rs.getLong("platform_id"), rs.getString("platform_name"), rs.getLong("web_server_id"),
                rs.getLong("db_service_id"),
                rs.getString("db_server_name"), rs.getLong("client_id"), rs.getString("client_name"),
                rs.getString("profile"), rs.getString("language"), instant(rs, "created_at"),
                instant(rs, "installed_at"), rs.getString("login_url"), rs.getBoolean("login_url_pending"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
