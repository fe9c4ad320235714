package dev.bosun.server;

/**
 * A site's database and the user that owns it, as the site connects ({@code host}/{@code port} of the db
 * service). {@link #toString()} never shows the password.
 */
public record DbCredentials(DbType type, String database, String user, String password, String host, int port) {

    @Override
    public String toString() {
        return "DbCredentials[" + type + " " + user + "@" + host + ":" + port + "/" + database + "]";
    }
}
