package dev.bosun.drupal;

/** One entry of {@code drush pm:list --format=json}. */
public record DrushExtension(String name, PackageType type, String displayName, String path, boolean enabled,
                             String version) {
}
