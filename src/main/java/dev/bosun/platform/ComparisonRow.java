package dev.bosun.platform;

import dev.bosun.drupal.PackageType;

/**
 * One package of a site against a target platform: what the site has (installed schema), what the
 * target offers (null when it lacks the package), the verdict and, for warnings and errors, why.
 * A package the site has but does not use ({@code enabled} false) is shown, greyed, and counts for nothing.
 */
public record ComparisonRow(String name, PackageType type, PackageRelease current, PackageRelease target,
                            ComparisonResult result, String reason, boolean enabled) {

    public ComparisonRow(String name, PackageType type, PackageRelease current, PackageRelease target,
                         ComparisonResult result, String reason) {
        this(name, type, current, target, result, reason, true);
    }
}
