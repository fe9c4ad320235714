package dev.bosun.server;

/**
 * A web service: where vhosts go on the server, how its configuration is tested and reloaded, the port
 * vhosts listen on, and where PHP-FPM listens ({@code 127.0.0.1:9000} or {@code unix:/run/php/php-fpm.sock}).
 * {@code served} is false where vhosts are written but no web server loads them (the demo without nginx): site
 * tasks then do not ask the site for a page, and say so.
 */
public record HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                              String reloadCommand, int port, String phpFastcgi, ServerStatus status, boolean served) {

    public HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                           String reloadCommand, int port, String phpFastcgi, ServerStatus status) {
        this(id, serverId, type, vhostDir, configTestCommand, reloadCommand, port, phpFastcgi, status, true);
    }
}
