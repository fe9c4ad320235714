package dev.bosun.platform;

/**
 * What a list of sites shows of each site's platform: its name, its web server and the Drupal core version its
 * last verify found (null before one). Unlike {@link Platform} it counts no sites, so a page of sites reads it
 * in one query.
 */
public record PlatformLabel(long id, String name, long serverId, String coreVersion) {
}
