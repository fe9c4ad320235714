package dev.bosun.site.internal;

import java.util.List;
import java.util.Map;

import dev.bosun.account.ClientScope;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteQueries;
import org.springframework.stereotype.Component;

/**
 * Where a migrate or clone puts a site, checked again when the task starts (the arguments were checked when
 * it was queued, but a platform may have been locked or a domain taken since): the target platform must
 * still take the site, the database stay with its engine, a new domain be free.
 */
@Component
class MovePlanner {

    private final SiteOperations operations;
    private final PlatformComparison comparison;
    private final SiteQueries sites;

    MovePlanner(SiteOperations operations, PlatformComparison comparison, SiteQueries sites) {
        this.operations = operations;
        this.comparison = comparison;
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
        MigrationTarget platform = comparison.targets(from.site().id(), ClientScope.ALL).stream()
                .filter(candidate -> candidate.platformId() == platformId).findFirst()
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

    /** A task argument as text, or {@code absent} when it is not given. */
    static String text(Map<String, Object> args, String key, String absent) {
        Object value = args.get(key);
        return value == null || value.toString().isBlank() ? absent : value.toString().strip();
    }

    /** A task argument as an id, or {@code absent} when it is not given. */
    static long id(Map<String, Object> args, String key, long absent) {
        Object value = args.get(key);
        if (value == null) {
            return absent;
        }
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("The argument " + key + " is no id: " + value);
        }
    }
}
