package dev.bosun.site;

import java.time.Instant;

/**
 * A site as lists and pages show it. {@code coreVersion} is the Drupal core version its platform's last verify
 * found, {@code lastBackupAt} the time of its newest backup (each null when there is none).
 */
public record SiteSummary(long id, String domain, SiteStatus status, long platformId, String platformName,
                          long webServerId,
                          long dbServiceId, String dbServerName, long clientId, String clientName, String profile,
                          String language, Instant createdAt, Instant installedAt, String loginUrl,
                          boolean loginUrlPending, HttpsMode httpsMode, boolean servesHttps, String coreVersion,
                          Instant lastBackupAt) {

    public SiteSummary(long id, String domain, SiteStatus status, long platformId, String platformName,
                       long webServerId, long dbServiceId, String dbServerName, long clientId, String clientName,
                       String profile, String language, Instant createdAt, Instant installedAt, String loginUrl,
                       boolean loginUrlPending) {
        this(id, domain, status, platformId, platformName, webServerId, dbServiceId, dbServerName, clientId,
                clientName, profile, language, createdAt, installedAt, loginUrl, loginUrlPending, HttpsMode.OFF, false, null,
                null);
    }

    /** The address a visitor opens: https:// once HTTPS is on and the site has a certificate that has not expired. */
    public String url() {
        return (servesHttps ? "https://" : "http://") + domain + "/";
    }
}
