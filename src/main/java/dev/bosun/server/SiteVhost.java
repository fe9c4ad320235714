package dev.bosun.server;

import java.util.List;

/**
 * A site's vhost: its domain, the aliases it also answers to, the aliases that redirect to the domain,
 * and the platform's docroot on the web server.
 */
public record SiteVhost(String domain, List<String> aliases, List<String> redirects, String docroot) {

    public SiteVhost {
        aliases = List.copyOf(aliases);
        redirects = List.copyOf(redirects);
    }
}
