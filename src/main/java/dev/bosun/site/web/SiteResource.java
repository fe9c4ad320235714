package dev.bosun.site.web;

import java.time.Instant;
import java.util.List;

import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteSummary;

/** A site in the API: the brief's {@code {id, domain, status, platformId, dbServerId, url, loginUrl, availableTasks[], …}}. */
record SiteResource(long id, String domain, SiteStatus status, long platformId, String platform, long dbServerId,
                    String dbServer, long clientId, String client, String profile, String language, String url,
                    String loginUrl, List<SiteAlias> aliases, List<String> availableTasks, Instant createdAt,
                    Instant installedAt, String https) {

    /**
     * {@code https} is the site's HTTPS mode ({@code off}, {@code on}, {@code required}); its certificate's status is
     * {@code GET /sites/{id}/https}. {@code url} is https:// once the site has a certificate in use.
     */
    static SiteResource of(SiteSummary site, List<SiteAlias> aliases, List<String> availableTasks) {
        return new SiteResource(site.id(), site.domain(), site.status(), site.platformId(), site.platformName(),
                site.dbServiceId(), site.dbServerName(), site.clientId(), site.clientName(), site.profile(),
                site.language(), site.url(), site.loginUrlPending() ? site.loginUrl() : null, aliases, availableTasks,
                site.createdAt(), site.installedAt(), site.httpsMode().name().toLowerCase(java.util.Locale.ROOT));
    }
}
