package dev.bosun.platform;

/** A site as the platform pages list it. */
public record PlatformSite(long id, String domain, String status, long platformId, String profile) {
}
