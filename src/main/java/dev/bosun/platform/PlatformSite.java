package dev.bosun.platform;

/** A site as the platform pages list it. */
public record PlatformSite(long id, String domain, Status status, long platformId, String profile) {

    /** The site's state, as far as the platform pages tell it (the site module's states, by name). */
    public enum Status {
        QUEUED, ENABLED, DISABLED, DELETED
    }
}
