package dev.bosun.platform;

import java.util.List;
import java.util.Optional;

import dev.bosun.drupal.PackageType;

/**
 * Aegir's package comparison (hosting_package_comparison): error when the target has the package
 * with a lower schema than the site has installed; warning when the target lacks it or has a lower
 * release; upgrade when it has a higher release or a higher schema; unknown when a version is
 * unknown and the schemas do not decide; otherwise same.
 */
final class ComparisonRules {

    static final String MISSING = "missing on the target";
    static final String DOWNGRADE = "older release on the target";
    static final String OLDER_SCHEMA = "target schema is lower than the installed schema";
    static final String UNKNOWN_VERSION = "a version is unknown";
    static final String ONLY_ON_TARGET = "only on the target";
    static final String SITE_LOCAL = "in the site's own directory; moves with the site";

    private ComparisonRules() {
    }

    record Verdict(ComparisonResult result, String reason) {
    }

    static Verdict judge(PackageRelease current, PackageRelease target) {
        if (target == null) {
            return new Verdict(ComparisonResult.WARNING, MISSING);
        }
        if (olderSchema(current.schema(), target.schema())) {
            return new Verdict(ComparisonResult.ERROR, OLDER_SCHEMA);
        }
        Optional<Integer> versions = ReleaseVersion.compare(current.version(), target.version());
        if (versions.isPresent() && versions.get() > 0) {
            return new Verdict(ComparisonResult.WARNING, DOWNGRADE);
        }
        boolean newerSchema = current.schema() != null && target.schema() != null && target.schema() > current.schema();
        if (versions.isPresent() && versions.get() < 0 || newerSchema) {
            return new Verdict(ComparisonResult.UPGRADE, null);
        }
        if (versions.isEmpty()) {
            return new Verdict(ComparisonResult.UNKNOWN, UNKNOWN_VERSION);
        }
        return new Verdict(ComparisonResult.SAME, null);
    }

    /**
     * The packages of a platform a site of this install profile can use: those of the whole platform and those of
     * its own profile's directory, not those inside another profile's directory.
     */
    static List<PlatformPackage> forProfile(List<PlatformPackage> packages, String profile) {
        List<PlatformPackage> profiles = packages.stream().filter(p -> p.type() == PackageType.PROFILE
                && p.path() != null && !p.path().isBlank()).toList();
        return packages.stream().filter(p -> profiles.stream()
                        .noneMatch(other -> !other.name().equals(profile) && other != p && p.path() != null
                                && p.path().startsWith(other.path() + "/")))
                .toList();
    }

    /**
     * Whether a site's package lives in the site's own directory: the platform scan leaves out
     * {@code sites/<domain>/}, so a package the site has but its current platform (for its profile) lacks is
     * the site's own.
     */
    static boolean siteLocal(SitePackage installed, List<PlatformPackage> currentForProfile) {
        return currentForProfile.stream()
                .noneMatch(p -> p.type() == installed.type() && p.name().equals(installed.name()));
    }

    /** As in Aegir, a target without any update hook (schema unknown or 0) is never "older". */
    private static boolean olderSchema(Integer installed, Integer target) {
        return installed != null && target != null && target > 0 && installed > target;
    }
}
