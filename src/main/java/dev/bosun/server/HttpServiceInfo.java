package dev.bosun.server;

/**
 * A web service: where vhosts go on the server, how its configuration is tested and reloaded, the port
 * vhosts listen on, and where PHP-FPM listens ({@code 127.0.0.1:9000} or {@code unix:/run/php/php-fpm.sock}).
 */
public record HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                              String reloadCommand, int port, String phpFastcgi, ServerStatus status) {
}
