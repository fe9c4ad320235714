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
    private final JdbcClient jdbc;
    private final AuditLog auditLog;

    SiteService(SiteQueries queries, JdbcClient jdbc, AuditLog auditLog) {
        this.queries = queries;
        this.jdbc = jdbc;
        this.auditLog = auditLog;
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
