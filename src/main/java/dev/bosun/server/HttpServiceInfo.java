package dev.bosun.server;

/**
 * A web service: where vhosts go on the server, how its configuration is tested and reloaded, the port
 * vhosts listen on, and where PHP-FPM listens ({@code 127.0.0.1:9000} or {@code unix:/run/php/php-fpm.sock}).
 * {@code served} is false where vhosts are written but no web server loads them (the demo without nginx): site
 * tasks then do not ask the site for a page, and say so. For HTTPS: the port TLS vhosts listen on and the folder
 * of certificates and ACME challenges ({@code null}: {@code bosun-tls} beside the vhost folder).
 */
public record HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                              String reloadCommand, int port, String phpFastcgi, ServerStatus status, boolean served,
                              int httpsPort, String tlsDir) {

    public HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                           String reloadCommand, int port, String phpFastcgi, ServerStatus status) {
        this(id, serverId, type, vhostDir, configTestCommand, reloadCommand, port, phpFastcgi, status, true, 443, null);
    }

    public HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                           String reloadCommand, int port, String phpFastcgi, ServerStatus status, boolean served) {
        this(id, serverId, type, vhostDir, configTestCommand, reloadCommand, port, phpFastcgi, status, served, 443,
                null);
    }

    public HttpServiceInfo(long id, long serverId, HttpType type, String vhostDir, String configTestCommand,
                           String reloadCommand, int port, String phpFastcgi, ServerStatus status, int httpsPort,
                           String tlsDir) {
        this(id, serverId, type, vhostDir, configTestCommand, reloadCommand, port, phpFastcgi, status, true,
                httpsPort, tlsDir);
    }

    /**
     * The folder of certificates ({@code <dir>/<domain>/}) and of the ACME webroot ({@code <dir>/webroot}); null when
     * neither it nor the vhost folder it defaults beside is set (a service row made by hand): HTTPS tasks then say
     * that the TLS folder is missing.
     */
    public String tlsDirectory() {
        if (tlsDir != null && !tlsDir.isBlank()) {
            return tlsDir;
        }
        if (vhostDir == null || vhostDir.isBlank()) {
            return null;
        }
        String vhosts = vhostDir.endsWith("/") ? vhostDir.substring(0, vhostDir.length() - 1) : vhostDir;
        int slash = vhosts.lastIndexOf('/');
        return (slash <= 0 ? "" : vhosts.substring(0, slash)) + "/bosun-tls";
    }
}
