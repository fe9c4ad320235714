package dev.bosun.site;

import java.time.Instant;

/** A site as lists and pages show it. */
public record SiteSummary(long id, String domain, SiteStatus status, long platformId, String platformName,
                          long webServerId,
                          long dbServiceId, String dbServerName, long clientId, String clientName, String profile,
                          String language, Instant createdAt, Instant installedAt, String loginUrl,
                          boolean loginUrlPending) {

    /** The address a visitor opens. */
    public String url() {
        return "http://" + domain + "/";
    }
}
