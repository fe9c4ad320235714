package dev.bosun.site;

import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes to sites that users make from pages and the API. */
@Service
public class SiteService {

    private final SiteQueries queries;
    private final SiteOptions options;
    private final SiteTasks tasks;
    private final JdbcClient jdbc;
    private final AuditLog auditLog;

    SiteService(SiteQueries queries, SiteOptions options, SiteTasks tasks, JdbcClient jdbc, AuditLog auditLog) {
        this.queries = queries;
        this.options = options;
        this.tasks = tasks;
        this.jdbc = jdbc;
        this.auditLog = auditLog;
    }

    /**
     * Records a new site (QUEUED) with its aliases, after checking the form against the stored
     * fleet: unique domain and aliases, an enabled platform offering the profile and language;
     * queues its install, which starts as soon as this transaction commits.
     */
    @Transactional
    public long create(SiteForm form) {
        SiteForm checked = SiteFormCheck.check(form, queries, options);
        long id = jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, language, status)
                VALUES (:domain, :client, :platform, :db, :profile, :language, 'QUEUED') RETURNING id""")
                .param("domain", checked.domain()).param("client", checked.clientId())
                .param("platform", checked.platformId()).param("db", checked.dbServiceId())
                .param("profile", checked.profile()).param("language", checked.language())
                .query(Long.class).single();
        for (String alias : SiteFormCheck.aliases(checked.aliases())) {
            jdbc.sql("INSERT INTO site_aliases (site_id, alias, redirect) VALUES (:site, :alias, :redirect)")
                    .param("site", id).param("alias", alias).param("redirect", checked.redirectAliases()).update();
        }
        auditLog.record("site.create", "site", id, checked.domain());
        tasks.queueInstall(id, AuditLog.currentUsername());
        return id;
    }

    /** How many sites are not deleted, of those the scope may see. */
    @Transactional(readOnly = true)
    public long count(ClientScope scope) {
        String where = scope.all() ? "" : " AND client_id IN (:clientIds)";
        var statement = jdbc.sql("SELECT count(*) FROM sites WHERE status <> 'DELETED'" + where);
        if (!scope.all()) {
            statement = statement.param("clientIds", scope.idsForSql());
        }
        return statement.query(Long.class).single();
    }

    /** Whether a domain is taken by a site that is not deleted, as its domain or an alias. */
    @Transactional(readOnly = true)
    public boolean domainTaken(String domain, Long exceptSiteId) {
        return queries.domainTaken(domain, exceptSiteId);
    }

    /**
     * Where the site's "Go to" link leads: the one-time login link after a login reset, once (it
     * is spent by following it), else the site itself.
     */
    @Transactional
    public String followLoginLink(long siteId, ClientScope scope) {
        SiteSummary site = queries.get(siteId, scope);
        if (site.loginUrlPending() && site.loginUrl() != null) {
            jdbc.sql("UPDATE sites SET login_url_pending = FALSE, updated_at = now() WHERE id = :id")
                    .param("id", siteId).update();
            auditLog.record("site.login-link", "site", siteId, site.domain());
            return site.loginUrl();
        }
        return site.url();
    }
}
