package dev.bosun.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import dev.bosun.demo.EmbeddedMariaDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The database servers tests run against, chosen once per JVM: the machine's PostgreSQL and
 * MariaDB when reachable (addresses from the environment), else containers where a Docker
 * engine answers, else embedded servers (zonky PostgreSQL, the demo's {@link EmbeddedMariaDb}).
 * Each caller gets a fresh, empty database of its own.
 */
public final class TestDatabases {

    private static volatile Server postgres;
    private static volatile Server mariadb;

    private TestDatabases() {
    }

    /** A server: JDBC URL of its admin database and the admin credentials; {@code source} says where it runs. */
    public record Server(String source, String url, String username, String password, String host, int port,
                         Path binDir) {

        public String urlFor(String database) {
            int slash = url.indexOf('/', url.indexOf("//") + 2);
            return url.substring(0, slash + 1) + database;
        }
    }

    /** A new empty PostgreSQL database; returns its JDBC URL. */
    public static Database newPostgresDatabase() {
        Server server = postgres();
        String name = "bosun_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(server, "CREATE DATABASE " + name);
        return new Database(server, name, server.urlFor(name));
    }

    public record Database(Server server, String name, String url) {
    }

    public static synchronized Server postgres() {
        if (postgres == null) {
            postgres = machinePostgres().or(TestDatabases::containerPostgres).orElseGet(TestDatabases::embeddedPostgres);
        }
        return postgres;
    }

    public static synchronized Server mariadb() {
        if (mariadb == null) {
            mariadb = machineMariaDb().or(TestDatabases::containerMariaDb).orElseGet(TestDatabases::embeddedMariaDb);
        }
        return mariadb;
    }

    /** The machine's PostgreSQL, when it answers. */
    public static Optional<Server> machinePostgres() {
        String url = env("BOSUN_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        Server server = new Server("machine", url, env("BOSUN_TEST_PG_USER", "postgres"),
                env("BOSUN_TEST_PG_PASSWORD", ""), "127.0.0.1", 5432, null);
        return reachable(server) ? Optional.of(server) : Optional.empty();
    }

    /** The machine's MariaDB (or MySQL), when it answers. */
    public static Optional<Server> machineMariaDb() {
        String url = env("BOSUN_TEST_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/mysql");
        Server server = new Server("machine", url, env("BOSUN_TEST_MARIADB_USER", "root"),
                env("BOSUN_TEST_MARIADB_PASSWORD", ""), "127.0.0.1", 3306, null);
        return reachable(server) ? Optional.of(server) : Optional.empty();
    }

    private static Optional<Server> containerPostgres() {
        if (!dockerAvailable()) {
            return Optional.empty();
        }
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:15");
        container.start();
        return Optional.of(new Server("container", container.getJdbcUrl(), container.getUsername(),
                container.getPassword(), container.getHost(), container.getFirstMappedPort(), null));
    }

    private static Optional<Server> containerMariaDb() {
        if (!dockerAvailable()) {
            return Optional.empty();
        }
        MariaDBContainer container = new MariaDBContainer("mariadb:10.11");
        container.start();
        return Optional.of(new Server("container", container.getJdbcUrl(), "root", container.getPassword(),
                container.getHost(), container.getFirstMappedPort(), null));
    }

    private static Server embeddedPostgres() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(pg)));
            return new Server("embedded", pg.getJdbcUrl("postgres", "postgres"), "postgres", "", "localhost",
                    pg.getPort(), null);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL", e);
        }
    }

    private static Server embeddedMariaDb() {
        try {
            Path dir = Files.createTempDirectory("bosun-mariadb");
            EmbeddedMariaDb db = EmbeddedMariaDb.start(dir, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                closeQuietly(db);
                deleteQuietly(dir);
            }));
            return new Server("embedded", "jdbc:mariadb://" + db.host() + ":" + db.port() + "/mysql",
                    EmbeddedMariaDb.ADMIN_USER, db.adminPassword(), db.host(), db.port(), db.binDirectory());
        } catch (Exception e) {
            throw new IllegalStateException("Could not start the embedded MariaDB", e);
        }
    }

    public static void execute(Server server, String sql) {
        try (Connection connection = DriverManager.getConnection(server.url(), server.username(), server.password());
             var statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not run on " + server.url() + ": " + sql, e);
        }
    }

    private static boolean reachable(Server server) {
        DriverManager.setLoginTimeout(3);
        try (Connection ignored = DriverManager.getConnection(server.url(), server.username(), server.password())) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (Throwable e) {
            return false;
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Removes a directory tree (the embedded MariaDB's binaries and data are a few hundred MB). */
    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | RuntimeException ignored) {
            // the JVM is ending
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // the JVM is ending
        }
    }
}
