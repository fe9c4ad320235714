package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.platform.MigrationTarget;
import dev.bosun.site.MoveTargets;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteQueries;
import org.springframework.stereotype.Component;

/**
 * Where a migrate or clone puts a site, checked again when the task starts (the arguments were checked when
 * it was queued, but a platform may have been locked or a domain taken since): the chosen platform must
 * still take the site (compared with that one platform only), the database stay with its engine, a new
 * domain be free.
 */
@Component
class MovePlanner {

    private final SiteOperations operations;
    private final MoveTargets moveTargets;
    private final SiteQueries sites;

    MovePlanner(SiteOperations operations, MoveTargets moveTargets, SiteQueries sites) {
        this.operations = operations;
        this.moveTargets = moveTargets;
        this.sites = sites;
    }

    /**
     * The site {@code from} placed under {@code domain} on {@code platformId} with its database on
     * {@code dbServiceId}, as the site {@code siteId} ({@code from}'s own id for a migrate, 0 for a clone's
     * site not recorded yet).
     */
    SiteContext target(SiteContext from, long siteId, String domain, long platformId, long dbServiceId,
                       List<SiteAlias> aliases) {
        if (!domain.equals(from.domain()) && sites.domainTaken(domain, siteId == 0 ? null : siteId)) {
            throw new IllegalStateException("The domain " + domain + " is used by another site or alias now.");
        }
        for (SiteAlias alias : aliases) {
            if (sites.domainTaken(alias.alias(), siteId == 0 ? null : siteId)) {
                throw new IllegalStateException("The alias " + alias.alias() + " is used by another site now.");
            }
        }
        MigrationTarget platform = moveTargets.to(from.site(), platformId)
                .orElseThrow(() -> new IllegalStateException("There is no platform " + platformId + " any more."));
        if (!platform.selectable()) {
            throw new IllegalStateException(platform.name() + " cannot take " + from.domain() + ": " + platform.reason());
        }
        SiteContext to = operations.placed(from.site(), siteId, domain, platformId, dbServiceId, aliases);
        if (to.db().service().type().isMysqlFamily() != from.db().service().type().isMysqlFamily()) {
            throw new IllegalStateException("The database server " + to.site().dbServerName() + " runs "
                    + to.db().service().type() + " and the site's database is " + from.db().service().type()
                    + ": Bosun does not convert a database between engines.");
        }
        return to;
    }
}
