package dev.bosun.site;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.platform.PlatformLabel;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.ServerService;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskQueries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read side of sites: lists with search, filter and paging, and single sites, within a client scope. */
@Service
public class SiteQueries {

    private static final String FROM = " FROM sites s";
    private static final String COLUMNS = """
            SELECT s.id, s.domain, s.status, s.platform_id, s.db_service_id, s.client_id, s.profile, s.language,
                   s.created_at, s.installed_at, s.login_url, s.login_url_pending, s.https_mode, s.last_backup_at,
                   s.https_mode <> 'OFF' AND EXISTS (SELECT 1 FROM site_certificates c WHERE c.site_id = s.id
                       AND c.not_after > now()) AS serves_https""";

    private final JdbcClient jdbc;
    private final PlatformService platforms;
    private final ServerService servers;
    private final ClientService clients;
    private final TaskQueries tasks;

    public SiteQueries(JdbcClient jdbc, PlatformService platforms, ServerService servers, ClientService clients,
                TaskQueries tasks) {
        this.jdbc = jdbc;
        this.platforms = platforms;
        this.servers = servers;
        this.clients = clients;
        this.tasks = tasks;
    }

    @Transactional(readOnly = true)
    public SitePage page(SiteFilter filter, ClientScope scope) {
        Map<String, Object> params = new HashMap<>();
        String where = where(filter, scope, params);
        long total = jdbc.sql("SELECT count(*) " + FROM + where).params(params).query(Long.class).single();
        params.put("limit", filter.size());
        params.put("offset", (long) filter.page() * filter.size());
        // The page's ids first, from the index on (domain, id) alone, then the columns of those rows only: a late
        // page skips index entries, not whole rows with their certificate check.
        List<Long> ids = jdbc.sql("SELECT s.id" + FROM + where + " ORDER BY s.domain, s.id LIMIT :limit OFFSET :offset")
                .params(params).query(Long.class).list();
        Map<Long, SiteRow> rows = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql(COLUMNS + FROM + " WHERE s.id = ANY (:ids)").param("ids", ids.toArray(Long[]::new))
                    .query(SiteQueries::row).list().forEach(row -> rows.put(row.id(), row));
        }
        List<SiteSummary> items = summaries(ids.stream().map(rows::get).filter(Objects::nonNull).toList());
        return new SitePage(items, filter.page(), filter.size(), total);
    }

    /** The site, when it exists and the scope may see it. */
    @Transactional(readOnly = true)
    public Optional<SiteSummary> find(long id, ClientScope scope) {
        Map<String, Object> params = new HashMap<>();
        params.put("id", id);
        String where = " WHERE s.id = :id" + scopeCondition(scope, params);
        return jdbc.sql(COLUMNS + FROM + where).params(params).query(SiteQueries::row).optional()
                .map(row -> summaries(List.of(row)).get(0));
    }

    @Transactional(readOnly = true)
    public SiteSummary get(long id, ClientScope scope) {
        return find(id, scope).orElseThrow(() -> new SiteNotFoundException(id));
    }

    /** How many database updates the site's last verify found pending; empty when none has checked yet. */
    @Transactional(readOnly = true)
    public java.util.OptionalInt pendingDatabaseUpdates(long siteId) {
        return jdbc.sql("SELECT pending_db_updates FROM sites WHERE id = :id AND pending_db_updates IS NOT NULL")
                .param("id", siteId).query(Integer.class).optional()
                .map(java.util.OptionalInt::of).orElse(java.util.OptionalInt.empty());
    }

    /** The aliases of each of these sites (those with any), by alias, in one query. */
    @Transactional(readOnly = true)
    public Map<Long, List<SiteAlias>> aliases(java.util.Collection<Long> siteIds) {
        Map<Long, List<SiteAlias>> aliases = new HashMap<>();
        if (!siteIds.isEmpty()) {
            jdbc.sql("SELECT site_id, alias, redirect FROM site_aliases WHERE site_id IN (:ids) ORDER BY alias")
                    .param("ids", siteIds)
                    .query(rs -> {
                        aliases.computeIfAbsent(rs.getLong("site_id"), id -> new java.util.ArrayList<>())
                                .add(new SiteAlias(rs.getString("alias"), rs.getBoolean("redirect")));
                    });
        }
        return aliases;
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

    /**
     * The live site that holds a domain, as its domain or (then {@code alias} is true) as an alias; empty when
     * none does. For staff messages only: a client user learns only that a domain is not available.
     */
    @Transactional(readOnly = true)
    public Optional<DomainHolder> domainHolder(String domain, Long exceptSiteId) {
        return jdbc.sql("""
                SELECT s.domain, false AS alias FROM sites s WHERE s.status <> 'DELETED' AND s.domain = :d AND s.id <> :except
                UNION ALL
                SELECT s.domain, true FROM site_aliases a JOIN sites s ON s.id = a.site_id
                 WHERE s.status <> 'DELETED' AND a.alias = :d AND s.id <> :except
                LIMIT 1""")
                .param("d", domain).param("except", exceptSiteId == null ? -1L : exceptSiteId)
                .query((rs, n) -> new DomainHolder(rs.getString(1), rs.getBoolean(2))).optional();
    }

    /** The site that holds a domain: {@code site} is its domain; {@code alias}, whether it holds it as an alias. */
    public record DomainHolder(String site, boolean alias) {
    }

    /**
     * The platforms and database services the live sites of a client scope use: what a client user may choose
     * for a migrate or clone (null for staff, who choose among all).
     */
    @Transactional(readOnly = true)
    public ClientChoices choices(ClientScope scope) {
        if (scope.all()) {
            return null;
        }
        List<long[]> rows = jdbc.sql("""
                SELECT DISTINCT platform_id, db_service_id FROM sites
                 WHERE status <> 'DELETED' AND client_id IN (:clientIds)""")
                .param("clientIds", scope.idsForSql())
                .query((rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
        return new ClientChoices(rows.stream().map(r -> r[0]).collect(Collectors.toUnmodifiableSet()),
                rows.stream().map(r -> r[1]).collect(Collectors.toUnmodifiableSet()));
    }

    /** Platform ids and database service ids a client user may choose. */
    public record ClientChoices(Set<Long> platformIds, Set<Long> dbServiceIds) {
    }

    /**
     * Those of these sites that have a backup, by the newest backup kept with each site ({@code last_backup_at}):
     * one read of the sites, however many there are (the backup manager asks about every site).
     */
    @Transactional(readOnly = true)
    public Set<Long> withBackups(Collection<Long> siteIds) {
        if (siteIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT id FROM sites WHERE id = ANY (:ids) AND last_backup_at IS NOT NULL")
                .param("ids", siteIds.toArray(Long[]::new)).query(Long.class).list());
    }

    /** Whether a clone task that makes a site with this domain is queued or running. */
    @Transactional(readOnly = true)
    public boolean beingCloned(String domain) {
        return tasks.openWithArgument(TargetType.SITE, SiteTaskType.CLONE.key(), "domain", domain);
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
            where.append(" AND (s.domain LIKE :q OR s.id IN (SELECT a.site_id FROM site_aliases a"
                    + " WHERE a.alias LIKE :q))");
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

    /** A row of {@code sites}: the site's own columns, before the names of its platform, db server and client. */
    private record SiteRow(long id, String domain, SiteStatus status, long platformId, long dbServiceId, long clientId,
                           String profile, String language, Instant createdAt, Instant installedAt, String loginUrl,
                           boolean loginUrlPending, HttpsMode httpsMode, boolean servesHttps, Instant lastBackupAt) {
    }

    private static SiteRow row(ResultSet rs, int row) throws SQLException {
        return new SiteRow(rs.getLong("id"), rs.getString("domain"), SiteStatus.valueOf(rs.getString("status")),
                rs.getLong("platform_id"), rs.getLong("db_service_id"), rs.getLong("client_id"),
                rs.getString("profile"), rs.getString("language"), instant(rs, "created_at"),
                instant(rs, "installed_at"), rs.getString("login_url"), rs.getBoolean("login_url_pending"),
                HttpsMode.valueOf(rs.getString("https_mode")), rs.getBoolean("serves_https"),
                instant(rs, "last_backup_at"));
    }

    /** The rows with the names their modules give, one batched call per module. */
    private List<SiteSummary> summaries(List<SiteRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Long, PlatformLabel> platformsById = platforms.labels(ids(rows, SiteRow::platformId));
        Map<Long, String> dbServerNames = servers.dbServerNames(ids(rows, SiteRow::dbServiceId));
        Map<Long, String> clientNames = clients.names(ids(rows, SiteRow::clientId));
        return rows.stream().map(row -> {
            PlatformLabel platform = platformsById.get(row.platformId());
            return new SiteSummary(row.id(), row.domain(), row.status(), row.platformId(),
                    platform == null ? null : platform.name(), platform == null ? 0 : platform.serverId(),
                    row.dbServiceId(), dbServerNames.get(row.dbServiceId()), row.clientId(),
                    clientNames.get(row.clientId()), row.profile(), row.language(), row.createdAt(),
                    row.installedAt(), row.loginUrl(), row.loginUrlPending(), row.httpsMode(),
                    row.servesHttps(), platform == null ? null : platform.coreVersion(), row.lastBackupAt());
        }).toList();
    }

    private static Set<Long> ids(List<SiteRow> rows, ToLongFunction<SiteRow> id) {
        return rows.stream().map(row -> id.applyAsLong(row)).collect(Collectors.toSet());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
