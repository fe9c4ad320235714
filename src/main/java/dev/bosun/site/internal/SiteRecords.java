package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteSummary;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The panel's own record of where a site lives, as migrate and clone change it: the site row's placement
 * (domain, platform, db service and stored credentials), kept exactly to be put back, and the row of a
 * clone, created first and taken away again when the clone fails.
 */
@Component
class SiteRecords {

    private final SiteRepository sites;
    // Looked up when used: the task service collects the handlers, which use these records.
    private final ObjectProvider<TaskService> tasks;

    SiteRecords(SiteRepository sites, ObjectProvider<TaskService> tasks) {
        this.sites = sites;
        this.tasks = tasks;
    }

    /** The columns a migrate changes, as stored (the password still encrypted), to be put back unchanged. */
    record Placement(String domain, long platformId, long dbServiceId, String dbName, String dbUser,
                     String dbPasswordEnc, String loginUrl, boolean loginUrlPending) {
    }

    @Transactional(readOnly = true)
    Placement placement(long siteId) {
        Site site = sites.require(siteId);
        return new Placement(site.getDomain(), site.getPlatformId(), site.getDbServiceId(), site.getDbName(),
                site.getDbUser(), site.getDbPasswordEnc(), site.getLoginUrl(), site.isLoginUrlPending());
    }

    /** Writes a placement back as it was read, its tasks listed under its domain again. */
    @Transactional
    void restore(long siteId, Placement placement) {
        sites.require(siteId).place(placement.domain(), placement.platformId(), placement.dbServiceId(),
                placement.dbName(), placement.dbUser(), placement.dbPasswordEnc(), placement.loginUrl(),
                placement.loginUrlPending());
        tasks.getObject().relabel(TargetType.SITE, siteId, placement.domain());
    }

    /**
     * Records the site at its new domain, platform and db service, and lists its tasks under the new
     * domain. A login link of the old domain is dropped: it would lead to an address the site no longer answers.
     */
    @Transactional
    void move(long siteId, String domain, long platformId, long dbServiceId) {
        sites.require(siteId).moveTo(domain, platformId, dbServiceId);
        tasks.getObject().relabel(TargetType.SITE, siteId, domain);
    }

    /**
     * A new site for a clone of {@code original}: same client, profile and language, QUEUED until the clone
     * has made it, with its own aliases. The unique index on live domains refuses a domain taken meanwhile.
     */
    @Transactional
    long createClone(SiteSummary original, String domain, long platformId, long dbServiceId, List<SiteAlias> aliases) {
        Site clone = new Site(domain, original.clientId(), platformId, dbServiceId, original.profile(),
                original.language());
        aliases.forEach(clone::addAlias);
        return sites.saveAndFlush(clone).getId();
    }

    /**
     * Takes away the row a clone made for {@code domain} on {@code platformId}, found by what the clone's journal
     * recorded before making it: the QUEUED site of that domain on that platform (the unique index on live
     * domains leaves at most one). False when there is none (the clone stopped before making it).
     */
    @Transactional
    boolean removeQueuedClone(String domain, long platformId) {
        List<Site> made = sites.findByDomainAndStatus(domain, dev.bosun.site.SiteStatus.QUEUED).stream()
                .filter(site -> site.getPlatformId() == platformId).toList();
        made.forEach(sites::delete);
        return !made.isEmpty();
    }

    /** Takes away the row of a clone that failed (its aliases and recorded packages go with it). */
    @Transactional
    void removeClone(long siteId) {
        sites.deleteById(siteId);
    }
}
