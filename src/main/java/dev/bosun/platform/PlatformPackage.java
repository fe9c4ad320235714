package dev.bosun.platform;

import dev.bosun.drupal.PackageType;

/** A package release found on a platform by the verify scan. */
public record PlatformPackage(String name, PackageType type, String title, String version, Integer schemaVersion,
                              String path, boolean hidden) {

    public PackageRelease release() {
        return new PackageRelease(version, schemaVersion);
    }
}
