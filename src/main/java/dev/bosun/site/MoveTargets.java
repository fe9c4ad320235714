package dev.bosun.site;

import java.util.List;
import java.util.Optional;

import dev.bosun.account.ClientScope;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.platform.PlatformSite;
import org.springframework.stereotype.Component;

/**
 * The platforms a site could move to (a migrate or clone), from the platform comparison. Worked out once per
 * dialog and once per queued task, then handed along: it compares the site's packages with every platform's.
 */
@Component
public class MoveTargets {

    private final PlatformComparison comparison;
    private final PackageRegistry packages;
    private final SiteQueries sites;

    MoveTargets(PlatformComparison comparison, PackageRegistry packages, SiteQueries sites) {
        this.comparison = comparison;
        this.packages = packages;
        this.sites = sites;
    }

    /** The platforms a user of this scope may choose: all for staff, for a client user those its own sites use. */
    public List<MigrationTarget> of(SiteSummary site, ClientScope scope) {
        return MoveArguments.allowed(of(site), sites.choices(scope));
    }

    /** Every live platform, those that can take the site first. */
    public List<MigrationTarget> of(SiteSummary site) {
        return comparison.targets(platformSite(site), packages.sitePackages(site.id()));
    }

    /** One platform, when it is live: what a task checks again when it starts. */
    public Optional<MigrationTarget> to(SiteSummary site, long platformId) {
        return comparison.target(platformSite(site), packages.sitePackages(site.id()), platformId);
    }

    private static PlatformSite platformSite(SiteSummary site) {
        return new PlatformSite(site.id(), site.domain(), PlatformSite.Status.valueOf(site.status().name()), site.platformId(), site.profile());
    }
}
