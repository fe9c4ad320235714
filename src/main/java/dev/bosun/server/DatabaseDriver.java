package dev.bosun.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

import dev.bosun.task.TaskLogger;

/**
 * Site databases on one db service: the panel creates and drops them over JDBC with the service's admin
 * account, and dumps and imports them with the engine's client programs on the master, the password in a
 * 0600 file, never in a command line. Every drop, revoke and remove tolerates "already gone".
 */
public interface DatabaseDriver {

    DbServiceInfo service();

    /** A free database name and user derived from the domain, and a new random password. Creates nothing. */
    DbCredentials newCredentials(String domain);

    /** Creates the database, its user limited to {@code clientHosts} and the grant on that database only. */
    void provision(DbCredentials credentials, List<String> clientHosts);

    /** Drops the database, revokes the grants and drops the user, tolerating whatever is already gone. */
    void deprovision(DbCredentials credentials, List<String> clientHosts);

    void createDatabase(String database);

    void createUser(DbCredentials credentials, String clientHost);

    void grant(DbCredentials credentials, String clientHost);

    void revoke(DbCredentials credentials, String clientHost);

    void dropUser(String user, String clientHost);

    void dropDatabase(String database);

    boolean databaseExists(String database);

    boolean userExists(String user);

    /** Streams an SQL dump of the site's database (consistent snapshot) into {@code out}. */
    void dump(DbCredentials credentials, OutputStream out, TaskLogger log);

    /** Streams an SQL dump into the site's database. */
    void importDump(DbCredentials credentials, InputStream in, TaskLogger log);

    /** Checks that the admin account can connect; returns the server's version. */
    String checkConnection();
}
