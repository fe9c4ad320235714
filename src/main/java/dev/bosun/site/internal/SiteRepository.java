package dev.bosun.site.internal;

import java.util.Collection;

import dev.bosun.site.SiteNotFoundException;
import dev.bosun.site.SiteStatus;
import org.springframework.data.jpa.repository.JpaRepository;

/** The site module's records of sites and, through them, their aliases. */
public interface SiteRepository extends JpaRepository<Site, Long> {

    long countByStatusNot(SiteStatus status);

    long countByStatusNotAndClientIdIn(SiteStatus status, Collection<Long> clientIds);

    java.util.List<Site> findByDomainAndStatus(String domain, SiteStatus status);

    default Site require(long id) {
        return findById(id).orElseThrow(() -> new SiteNotFoundException(id));
    }
}
