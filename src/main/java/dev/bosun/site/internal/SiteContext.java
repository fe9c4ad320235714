package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.drupal.DrushCommands;
import dev.bosun.drupal.SiteLayout;
import dev.bosun.platform.Platform;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.HttpDriver;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.Shell;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteSummary;

/** Everything a site task works with: the site, its platform and web server, their shell and drivers. */
record SiteContext(SiteSummary site, List<SiteAlias> aliases, Platform platform, ServerInfo web, Shell shell,
                   HttpDriver http, DatabaseDriver db, SiteLayout layout, DrushCommands drush) {

    String domain() {
        return site.domain();
    }

    /** The site's address for drush's {@code --uri}: https once the site serves HTTPS. */
    String uri() {
        return uri(site);
    }

    static String uri(SiteSummary site) {
        String url = site.url();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    List<String> hostnames() {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(site.domain()),
                aliases.stream().map(SiteAlias::alias)).toList();
    }
}
