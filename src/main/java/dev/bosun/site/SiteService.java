package dev.bosun.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.site.internal.Site;
import dev.bosun.site.internal.SiteRepository;
import dev.bosun.task.QueuedTask;
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

    /**
     * Replaces the aliases of a site the scope may see (one per line, or separated by spaces or commas; 422 for one
     * that is invalid or used by another site) and, when the site offers a verify now, queues it so the web server
     * answers for them; empty when no verify was queued (the next install, enable or verify writes them).
     */
    @Transactional
    public Optional<QueuedTask> changeAliases(long siteId, List<String> aliases, boolean redirect, ClientScope scope,
                                              String requestedBy) {
        SiteSummary site = queries.get(siteId, scope);
        if (site.status() == SiteStatus.DELETED) {
            throw new SiteTaskNotOfferedException(site.domain(), SiteTaskType.VERIFY, site.status());
        }
        List<String> normalized = SiteFormCheck.aliases(aliases == null ? "" : String.join("\n", aliases));
        List<InvalidInputException.Violation> violations = new ArrayList<>();
        SiteFormCheck.aliasViolations("aliases", normalized, site.domain(), queries, siteId, scope.all(), violations);
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        records.require(siteId).replaceAliases(normalized.stream().map(alias -> new SiteAlias(alias, redirect))
                .toList());
        auditLog.record("site.aliases", "site", siteId, String.join(" ", normalized));
        if (!tasks.offers(siteId, SiteTaskType.VERIFY)) {
            return Optional.empty();
        }
        return Optional.of(tasks.queue(siteId, SiteTaskType.VERIFY, new SiteTaskArgs.None(), ClientScope.ALL,
                requestedBy));
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
