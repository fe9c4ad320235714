package dev.bosun.platform;

import java.util.Optional;

/**
 * Aegir's package comparison (hosting_package_comparison): error when the target has the package
 * with a lower schema than the site has installed; warning when the target lacks it or has a lower
 * release; upgrade when it has a higher release or a higher schema; otherwise same.
 */
final class ComparisonRules {

    static final String MISSING = "missing on the target";
    static final String DOWNGRADE = "older release on the target";
    static final String OLDER_SCHEMA = "target schema is lower than the installed schema";

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
        return new Verdict(ComparisonResult.SAME, null);
    }

    /** As in Aegir, a target without any update hook (schema unknown or 0) is never "older". */
    private static boolean olderSchema(Integer installed, Integer target) {
        return installed != null && target != null && target > 0 && installed > target;
    }
}
