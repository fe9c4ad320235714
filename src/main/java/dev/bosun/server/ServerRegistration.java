package dev.bosun.server;

/**
 * What an administrator enters to register or edit a server. {@code http} / {@code db} with a null type mean
 * "no such service". Blank commands, directories and ports get the type's defaults.
 */
public record ServerRegistration(String name, String hostname, Integer port, String sshUser, Boolean master,
                                 HttpSettings http, DbSettings db) {

    /**
     * {@code httpsPort} and {@code tlsDir} (docs/https.md): both null leaves them as they are (443 and
     * {@code bosun-tls} beside the vhost folder for a new server).
     */
    public record HttpSettings(HttpType type, String vhostDir, String configTestCommand, String reloadCommand,
                               Integer port, String phpFastcgi, Integer httpsPort, String tlsDir) {

        public HttpSettings(HttpType type, String vhostDir, String configTestCommand, String reloadCommand,
                            Integer port, String phpFastcgi) {
            this(type, vhostDir, configTestCommand, reloadCommand, port, phpFastcgi, null, null);
        }
    }

    /** {@code adminPassword} blank on an edit keeps the stored one. */
    public record DbSettings(DbType type, String host, Integer port, String adminUser, String adminPassword) {
    }

    public boolean isMaster() {
        return Boolean.TRUE.equals(master);
    }
}
