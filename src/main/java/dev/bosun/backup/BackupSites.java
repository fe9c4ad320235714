package dev.bosun.backup;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the backup manager needs to know of the sites, answered by the site module (which sits
 * above backup and owns the sites table): the backup module reads no site rows itself.
 */
public interface BackupSites {

    /** A site by id and domain, and when its newest backup was made ({@code null}: it has none). */
    record Site(long id, String domain, Instant lastBackup) {
    }

    /** The sites whose state offers a backup now (the site task rules decide): a scheduled backup's candidates. */
    List<Site> offeringBackup();

    /** The id of the site with this domain that is not deleted. */
    Optional<Long> liveSite(String domain);

    /** The domains of those of these sites that are not deleted, by id. */
    Map<Long, String> liveDomains(Collection<Long> siteIds);

    /** A site's id and domain. */
    record Domain(long id, String domain) {
    }

    /** One page of sites by domain, and how many there are in all. */
    record DomainPage(List<Domain> items, long total) {
    }

    /**
     * Of these sites, those not deleted, by domain: {@code limit} of them from {@code offset}, and their number.
     * The ids are all that the caller has (a site's own schedule is one row per site, so at most the fleet).
     */
    DomainPage liveDomainsPage(Collection<Long> siteIds, int offset, int limit);

    /** Those of these sites that are deleted. */
    Set<Long> deleted(Collection<Long> siteIds);
}
