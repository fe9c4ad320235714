package dev.bosun.site;

import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.site.internal.Site;
import dev.bosun.site.internal.SiteRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes to sites that users make from pages and the API. */
@Service
public class SiteService {

    private final SiteQueries queries;
    private final SiteOptions options;
    private final SiteTasks tasks;
    private final SiteRepository records;
    private final AuditLog auditLog;

    SiteService(SiteQueries queries, SiteOptions options, SiteTasks tasks, SiteRepository records, AuditLog auditLog) {
        this.queries = queries;
        this.options = options;
        this.tasks = tasks;
        this.records = records;
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
        Site site = new Site(checked.domain(), checked.clientId(), checked.platformId(), checked.dbServiceId(),
                checked.profile(), checked.language());
        for (String alias : SiteFormCheck.aliases(checked.aliases())) {
            site.addAlias(new SiteAlias(alias, checked.redirectAliases()));
        }
        long id = records.saveAndFlush(site).getId();
        auditLog.record("site.create", "site", id, checked.domain());
        tasks.queueInstall(id, AuditLog.currentUsername());
        return id;
    }

    /** How many sites are not deleted, of those the scope may see. */
    @Transactional(readOnly = true)
    public long count(ClientScope scope) {
        return scope.all() ? records.countByStatusNot(SiteStatus.DELETED)
                : records.countByStatusNotAndClientIdIn(SiteStatus.DELETED, scope.idsForSql());
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
            records.require(siteId).spendLoginLink();
            auditLog.record("site.login-link", "site", siteId, site.domain());
            return site.loginUrl();
        }
        return site.url();
    }
}
