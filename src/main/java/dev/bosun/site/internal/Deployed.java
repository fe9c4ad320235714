package dev.bosun.site.internal;

import dev.bosun.server.DbCredentials;

/** A deployed backup: the directory its site folder went to and the new database and user it got. */
record Deployed(DeployTarget target, DbCredentials credentials) {

    String directory() {
        return target.directory();
    }
}
