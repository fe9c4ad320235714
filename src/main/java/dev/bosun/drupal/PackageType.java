package dev.bosun.drupal;

import java.util.Locale;

/** What a package is: Drupal core itself, an install profile, a module or a theme. */
public enum PackageType {
    CORE,
    PROFILE,
    MODULE,
    THEME;

    /** The lower-case name used in the database and in drush output ({@code module}, {@code theme}, …). */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PackageType fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
