package dev.bosun.site.internal;

import dev.bosun.site.SiteNotFoundException;
import org.springframework.data.jpa.repository.JpaRepository;

/** The site module's records of sites and, through them, their aliases. */
public interface SiteRepository extends JpaRepository<Site, Long> {

    default Site require(long id) {
        return findById(id).orElseThrow(() -> new SiteNotFoundException(id));
    }
}
