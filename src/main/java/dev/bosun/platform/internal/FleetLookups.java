package dev.bosun.platform.internal;

import java.util.List;
import java.util.Optional;

import dev.bosun.account.ClientScope;
import dev.bosun.platform.PlatformServer;
import dev.bosun.platform.PlatformSite;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the platform module reads of the servers and sites tables: the module sits below site (which
 * depends on it), so it reads these rows rather than calling the site module.
 */
@Repository
public class FleetLookups {

    private final JdbcClient jdbc;

    FleetLookups(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Servers a platform can be on, those with a web service first. */
    public List<PlatformServer> servers() {
        return jdbc.sql("""
                SELECT v.id, v.name, EXISTS (SELECT 1 FROM services s WHERE s.server_id = v.id AND s.kind = 'http') AS web
                FROM servers v ORDER BY web DESC, v.master DESC, lower(v.name)""")
                .query((rs, n) -> new PlatformServer(rs.getLong("id"), rs.getString("name"), rs.getBoolean("web")))
                .list();
    }

    public Optional<PlatformServer> server(long id) {
        return servers().stream().filter(server -> server.id() == id).findFirst();
    }

    /** The sites on a platform that are not deleted. */
    public List<PlatformSite> sitesOn(long platformId) {
        return jdbc.sql(SITE + " WHERE s.platform_id = :platform AND s.status <> 'DELETED' ORDER BY s.domain")
                .param("platform", platformId).query(FleetLookups::site).list();
    }

    /** A site that is not deleted, if the client scope ({@code clientIds}, null for all) may see it. */
    public Optional<PlatformSite> site(long siteId, List<Long> clientIds) {
        String scope = clientIds == null ? "" : " AND s.client_id IN (:clients)";
        var statement = jdbc.sql(SITE + " WHERE s.id = :id AND s.status <> 'DELETED'" + scope).param("id", siteId);
        if (clientIds != null) {
            statement = statement.param("clients", ClientScope.idsForSql(clientIds));
        }
        return statement.query(FleetLookups::site).optional();
    }

    /** Sites that are not deleted, for choosing one to compare. */
    public List<PlatformSite> sites() {
        return jdbc.sql(SITE + " WHERE s.status <> 'DELETED' ORDER BY s.domain LIMIT 1000").query(FleetLookups::site).list();
    }

    private static final String SITE = "SELECT s.id, s.domain, s.status, s.platform_id, s.profile FROM sites s";

    private static PlatformSite site(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new PlatformSite(rs.getLong("id"), rs.getString("domain"), rs.getString("status"),
                rs.getLong("platform_id"), rs.getString("profile"));
    }
}
