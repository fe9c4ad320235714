package dev.bosun.site;

import java.time.Instant;

/** A site as lists and pages show it. */
public record SiteSummary(long id, String domain, SiteStatus status, long platformId, String platformName,
                          long webServerId,
                          long dbServiceId, String dbServerName, long clientId, String clientName, String profile,
                          String language, Instant createdAt, Instant installedAt, String loginUrl,
                          boolean loginUrlPending, HttpsMode httpsMode, boolean servesHttps) {

    public SiteSummary(long id, String domain, SiteStatus status, long platformId, String platformName,
                       long webServerId, long dbServiceId, String dbServerName, long clientId, String clientName,
                       String profile, String language, Instant createdAt, Instant installedAt, String loginUrl,
                       boolean loginUrlPending) {
        this(id, domain, status, platformId, platformName, webServerId, dbServiceId, dbServerName, clientId,
                clientName, profile, language, createdAt, installedAt, loginUrl, loginUrlPending, HttpsMode.OFF, false);
    }

    /** The address a visitor opens: https:// once HTTPS is on and the site has a certificate that has not expired. */
    public String url() {
        return (servesHttps ? "https://" : "http://") + domain + "/";
    }
}
