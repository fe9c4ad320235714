package dev.bosun.platform;

/**
 * A platform as a migrate or clone target for a site, with the comparison's counts. It can be chosen
 * only when it is enabled, offers the site's profile and the comparison has no error; {@code reason}
 * says why not otherwise.
 */
public record MigrationTarget(long platformId, String name, PlatformStatus status, String coreVersion,
                              boolean current, long upgrades, long warnings, long errors, boolean selectable,
                              String reason) {
}
