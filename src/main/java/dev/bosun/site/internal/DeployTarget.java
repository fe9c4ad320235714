package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.drupal.SiteLayout;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.Names;
import dev.bosun.server.Shell;

/**
 * Where a backup is deployed: the web server's shell, the site's layout on the platform (docroot and
 * domain), the directory the site folder is unpacked into (the site directory, or a new one beside it),
 * and the db service that gets the new database, with the hosts its user may connect from.
 */
record DeployTarget(Shell shell, SiteLayout layout, String directory, DatabaseDriver db, List<String> clientHosts) {

    DeployTarget {
        String sites = layout.docrootPath() + "/sites";
        directory = Names.path("directory", directory, List.of(sites));
        if (directory.equals(sites)) {
            throw new IllegalArgumentException("A site is deployed into a directory of its own under " + sites);
        }
        clientHosts = List.copyOf(clientHosts);
    }

    /** Deploys into the site directory of {@code layout} ({@code <docroot>/sites/<domain>}). */
    static DeployTarget siteDirectory(Shell shell, SiteLayout layout, DatabaseDriver db, List<String> clientHosts) {
        return new DeployTarget(shell, layout, layout.siteDirectory(), db, clientHosts);
    }

    /** The same target, unpacking into another directory under the platform's {@code sites/}. */
    DeployTarget into(String otherDirectory) {
        return new DeployTarget(shell, layout, otherDirectory, db, clientHosts);
    }

    String domain() {
        return layout.domain();
    }
}
