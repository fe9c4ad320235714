package dev.bosun.platform;

import java.util.Locale;

/**
 * The verdict on one package when a site moves to a target platform. A WARNING is a missing
 * package or a downgrade; an ERROR (target schema below the site's installed schema) makes the
 * platform unusable as a target; UNKNOWN and LOCAL are shown but decide nothing.
 */
public enum ComparisonResult {
    SAME,
    UPGRADE,
    WARNING,
    ERROR,
    /** Neither the releases nor the schemas tell which side is newer (a version is unknown): not counted as same. */
    UNKNOWN,
    /** A package of the site's own directory ({@code sites/<domain>/modules}): it moves with the site, no verdict. */
    LOCAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
