package dev.bosun.platform;

import java.util.Locale;

/**
 * The verdict on one package when a site moves to a target platform. A WARNING is a missing
 * package or a downgrade; an ERROR (target schema below the site's installed schema) makes the
 * platform unusable as a target.
 */
public enum ComparisonResult {
    SAME,
    UPGRADE,
    WARNING,
    ERROR;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
