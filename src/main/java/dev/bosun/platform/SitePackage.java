package dev.bosun.platform;

import dev.bosun.drupal.PackageType;

/** A package on a site: its version, the schema its database is at, and whether it is enabled. */
public record SitePackage(String name, PackageType type, String version, Integer schemaVersion, boolean enabled) {

    public PackageRelease release() {
        return new PackageRelease(version, schemaVersion);
    }
}
