package dev.bosun.platform;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.bosun.InvalidInputException;
import dev.bosun.account.ClientScope;
import dev.bosun.drupal.PackageType;
import dev.bosun.platform.internal.FleetLookups;
import dev.bosun.platform.internal.PackageStore;
import dev.bosun.platform.internal.PlatformStore;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Compares a site's enabled packages with what a target platform offers (ARCHITECTURE.md, "Platform
 * comparison"), for the Compare platforms page and the migrate and clone forms.
 */
@Service
public class PlatformComparison {

    private final PlatformStore platforms;
    private final PackageStore packages;
    private final FleetLookups fleet;

    PlatformComparison(PlatformStore platforms, PackageStore packages, FleetLookups fleet) {
        this.platforms = platforms;
        this.packages = packages;
        this.fleet = fleet;
    }

    /**
     * The site (which must be on platform {@code currentPlatformId}) against the target platform.
     *
     * @throws SiteNotVisibleException when the scope may not see the site
     * @throws PlatformNotFoundException when either platform does not exist or is deleted
     */
    @Transactional(readOnly = true)
    public Comparison compare(long currentPlatformId, long targetPlatformId, long siteId, ClientScope scope) {
        PlatformSite site = fleet.site(siteId, scope.filterOrNull()).orElseThrow(() -> new SiteNotVisibleException(siteId));
        livePlatform(currentPlatformId);
        if (site.platformId() != currentPlatformId) {
            throw new InvalidInputException("site", "Site " + site.domain() + " is not on platform " + currentPlatformId + ".");
        }
        return compare(site, livePlatform(visibleTarget(targetPlatformId, scope)));
    }

    /** The site against the target platform. */
    @Transactional(readOnly = true)
    public Comparison compare(long siteId, long targetPlatformId, ClientScope scope) {
        PlatformSite site = fleet.site(siteId, scope.filterOrNull()).orElseThrow(() -> new SiteNotVisibleException(siteId));
        return compare(site, livePlatform(visibleTarget(targetPlatformId, scope)));
    }

    /** A client user compares only with the platforms its own sites are on; any other does not exist for it. */
    private long visibleTarget(long targetPlatformId, ClientScope scope) {
        if (!scope.all() && !fleet.platformsOf(scope.clientIds()).contains(targetPlatformId)) {
            throw new PlatformNotFoundException(targetPlatformId);
        }
        return targetPlatformId;
    }

    /**
     * Two live platforms, every package side by side (by type, then name), without a site: what a site would
     * meet moving from the first to the second.
     *
     * @throws PlatformNotFoundException when either platform does not exist or is deleted
     */
    @Transactional(readOnly = true)
    public PlatformPair comparePlatforms(long platformId, long targetPlatformId) {
        Platform from = livePlatform(platformId);
        Platform to = livePlatform(targetPlatformId);
        Map<String, PlatformPackage> mine = byKey(packages.platformPackages(from.id()));
        Map<String, PlatformPackage> theirs = byKey(packages.platformPackages(to.id()));
        java.util.SortedSet<String> keys = new java.util.TreeSet<>(mine.keySet());
        keys.addAll(theirs.keySet());
        List<ComparisonRow> rows = keys.stream().map(key -> pairRow(mine.get(key), theirs.get(key))).toList();
        return new PlatformPair(from.id(), from.name(), to.id(), to.name(), rows);
    }

    private static ComparisonRow pairRow(PlatformPackage current, PlatformPackage target) {
        if (current == null) {
            return new ComparisonRow(target.name(), target.type(), null, target.release(), ComparisonResult.UPGRADE,
                    ComparisonRules.ONLY_ON_TARGET);
        }
        ComparisonRules.Verdict verdict = ComparisonRules.judge(current.release(),
                target == null ? null : target.release());
        return new ComparisonRow(current.name(), current.type(), current.release(),
                target == null ? null : target.release(), verdict.result(), verdict.reason());
    }

    private static Map<String, PlatformPackage> byKey(List<PlatformPackage> packages) {
        return packages.stream()
                .collect(Collectors.toMap(p -> key(p.name(), p.type()), Function.identity(), (a, b) -> a));
    }

    /** Every live platform as a target for the site, those that can be chosen first. */
    @Transactional(readOnly = true)
    public List<MigrationTarget> targets(long siteId, ClientScope scope) {
        PlatformSite site = fleet.site(siteId, scope.filterOrNull()).orElseThrow(() -> new SiteNotVisibleException(siteId));
        return targets(site, packages.sitePackages(site.id()));
    }

    /**
     * Every live platform as a target for a site the caller knows, with the packages it has installed; those
     * that can be chosen first.
     */
    @Transactional(readOnly = true)
    public List<MigrationTarget> targets(PlatformSite site, List<SitePackage> installed) {
        return platforms.list().stream()
                .map(platform -> target(site, installed, platform))
                .sorted(Comparator.comparing(MigrationTarget::selectable).reversed()
                        .thenComparing(target -> target.name().toLowerCase()))
                .toList();
    }

    /** One platform as a target for a site the caller knows; empty when there is no such live platform. */
    @Transactional(readOnly = true)
    public Optional<MigrationTarget> target(PlatformSite site, List<SitePackage> installed, long platformId) {
        return platforms.find(platformId).filter(p -> p.status() != PlatformStatus.DELETED)
                .map(platform -> target(site, installed, platform));
    }

    private MigrationTarget target(PlatformSite site, List<SitePackage> installed, Platform platform) {
        List<PlatformPackage> offered = packages.platformPackages(platform.id());
        Comparison comparison = compare(site, installed, platform, offered);
        boolean hasProfile = offered.stream()
                .anyMatch(p -> p.type() == PackageType.PROFILE && p.name().equals(site.profile()));
        String reason = !platform.status().takesSites() ? "The platform is " + platform.status().name().toLowerCase() + "."
                : !hasProfile ? "The platform lacks the install profile " + site.profile() + "."
                : !comparison.acceptable() ? comparison.errors() + (comparison.errors() == 1 ? " package" : " packages")
                        + " would go back to an older schema."
                : null;
        return new MigrationTarget(platform.id(), platform.name(), platform.status(), platform.coreVersion(),
                platform.id() == site.platformId(), comparison.upgrades(), comparison.warnings(), comparison.errors(),
                reason == null, reason);
    }

    private Comparison compare(PlatformSite site, Platform target) {
        return compare(site, packages.sitePackages(site.id()), target, packages.platformPackages(target.id()));
    }

    /**
     * The site's packages against what the target offers a site of its install profile (the platform's own and
     * its profile's); the site's own packages (absent from its current platform's scan) move with it and are
     * kept out of the verdict; disabled packages are listed and count for nothing.
     */
    private Comparison compare(PlatformSite site, List<SitePackage> installed, Platform target,
                               List<PlatformPackage> targetPackages) {
        List<PlatformPackage> current = ComparisonRules.forProfile(packages.platformPackages(site.platformId()),
                site.profile());
        Map<String, PlatformPackage> offered = ComparisonRules.forProfile(targetPackages, site.profile()).stream()
                .collect(Collectors.toMap(p -> key(p.name(), p.type()), Function.identity(), (a, b) -> a));
        List<ComparisonRow> rows = installed.stream()
                .sorted(Comparator.comparing(SitePackage::enabled).reversed())
                .map(mine -> !current.isEmpty() && ComparisonRules.siteLocal(mine, current) && !offered.containsKey(key(mine.name(), mine.type()))
                        ? new ComparisonRow(mine.name(), mine.type(), mine.release(), null, ComparisonResult.LOCAL,
                                ComparisonRules.SITE_LOCAL, mine.enabled())
                        : row(mine, offered.get(key(mine.name(), mine.type()))))
                .toList();
        return new Comparison(site.id(), site.domain(), site.platformId(), target.id(), target.name(), rows);
    }

    private static ComparisonRow row(SitePackage installed, PlatformPackage offered) {
        PackageRelease target = offered == null ? null : offered.release();
        ComparisonRules.Verdict verdict = ComparisonRules.judge(installed.release(), target);
        return new ComparisonRow(installed.name(), installed.type(), installed.release(), target, verdict.result(),
                verdict.reason(), installed.enabled());
    }

    private Platform livePlatform(long id) {
        return platforms.find(id).filter(p -> p.status() != PlatformStatus.DELETED)
                .orElseThrow(() -> new PlatformNotFoundException(id));
    }

    private static String key(String name, PackageType type) {
        return type.code() + ":" + name;
    }
}
