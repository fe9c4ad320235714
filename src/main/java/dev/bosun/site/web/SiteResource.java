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
                    Instant installedAt, SiteHttpsApiController.HttpsResource https) {

    /** In lists: without {@code https} (null), which {@code GET /sites/{id}} and {@code /sites/{id}/https} carry. */
    static SiteResource of(SiteSummary site, List<SiteAlias> aliases, List<String> availableTasks) {
        return of(site, aliases, availableTasks, null);
    }

    static SiteResource of(SiteSummary site, List<SiteAlias> aliases, List<String> availableTasks,
                           SiteHttpsApiController.HttpsResource https) {
        return new SiteResource(site.id(), site.domain(), site.status(), site.platformId(), site.platformName(),
                site.dbServiceId(), site.dbServerName(), site.clientId(), site.clientName(), site.profile(),
                site.language(), site.url(), site.loginUrlPending() ? site.loginUrl() : null, aliases, availableTasks,
                site.createdAt(), site.installedAt(), https);
    }
}
