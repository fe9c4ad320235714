package dev.bosun.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.sql.DataSource;

import dev.bosun.demo.EmbeddedMariaDb;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The database servers tests run against, chosen once per JVM: the machine's PostgreSQL and
 * MariaDB when reachable (addresses from the environment), else containers where a Docker
 * engine answers, else embedded servers (zonky PostgreSQL, the demo's {@link EmbeddedMariaDb}).
 * Each caller gets a fresh, empty database of its own; it is dropped when the test's context closes
 * ({@link #dropWhenClosed}) or, at the latest, when the JVM ends, with the site databases and users the panel made
 * for it on MariaDB and PostgreSQL.
 */
public final class TestDatabases {

    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    private static final Set<String> created = ConcurrentHashMap.newKeySet();
    private static final Set<ConfigurableApplicationContext> contexts = ConcurrentHashMap.newKeySet();
    private static final Set<Path> homes = ConcurrentHashMap.newKeySet();
    private static volatile Server postgres;
    private static volatile Server mariadb;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TestDatabases::dropAll, "test-databases-cleanup"));
    }

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
        created.add(name);
        execute(server, "CREATE DATABASE " + name);
        return new Database(server, name, server.urlFor(name));
    }

    /**
     * Drops the database once the context is closed (after its data source), with the site databases and users
     * the panel made on the tests' MariaDB and PostgreSQL; at the latest when the JVM ends.
     */
    public static void dropWhenClosed(ConfigurableApplicationContext context, Database database) {
        contexts.add(context);
        ((BeanDefinitionRegistry) context).registerBeanDefinition("testDatabaseDrop",
                new RootBeanDefinition(DatabaseDrop.class, () -> new DatabaseDrop(database)));
        context.addBeanFactoryPostProcessor(new AbstractDependsOnBeanFactoryPostProcessor(DataSource.class,
                "testDatabaseDrop") {
        });
    }

    /** What the test made on the database servers: the site databases and users listed in it, then itself. */
    public static void drop(Database database) {
        dropSiteDatabases(database);
        try {
            execute(database.server(), "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
            created.remove(database.name());
        } catch (IllegalStateException e) {
            System.err.println("Could not drop the test database " + database.name() + ": " + e.getCause());
        }
    }

    /** The PostgreSQL databases this JVM made and has not dropped yet. */
    public static Set<String> undropped() {
        return Set.copyOf(created);
    }

    /** A new folder in the temporary folder, named {@code prefix…}, removed when the JVM ends. */
    public static Path temporaryFolder(String prefix) throws java.io.IOException {
        Path folder = Files.createTempDirectory(prefix);
        deleteWhenJvmEnds(folder);
        return folder;
    }

    /** A context's home folder, removed when the JVM ends, after every context has closed. */
    public static void deleteWhenJvmEnds(Path home) {
        homes.add(home);
    }

    private static void dropAll() {
        contexts.forEach(ConfigurableApplicationContext::close);
        Server server = postgres;
        if (server != null) {
            Set.copyOf(created).forEach(name -> drop(new Database(server, name, server.urlFor(name))));
        }
        homes.forEach(TestDatabases::deleteQuietly);
    }


    /**
     * Sites the panel installed on the tests' MariaDB and PostgreSQL, as the panel's own records list them: the
     * sites table and the db service each site's database is on (its type, and its port that of the tests' server);
     * deleted sites' databases were dropped by the panel (and their names may belong to another run by now).
     * {@code services.type} holds the lower-case type name ({@code mariadb}, {@code postgresql}).
     */
    private static void dropSiteDatabases(Database database) {
        Server sites = mariadb;
        if (sites != null) {
            List<String[]> made = siteDatabases(database, List.of("mariadb", "mysql"), sites.port());
            if (!made.isEmpty()) {
                try (Connection connection = DriverManager.getConnection(sites.url(), sites.username(),
                        sites.password())) {
                    for (String[] site : made) {
                        dropSite(connection, site[0], site[1]);
                    }
                } catch (SQLException e) {
                    System.err.println("Could not drop the MariaDB sites' databases of " + database.name() + ": " + e);
                }
            }
        }
        Server postgresql = database.server();
        List<String[]> made = siteDatabases(database, List.of("postgresql"), postgresql.port());
        if (!made.isEmpty()) {
            try (Connection connection = DriverManager.getConnection(postgresql.url(), postgresql.username(),
                    postgresql.password())) {
                for (String[] site : made) {
                    dropPostgresSite(connection, database, site[0], site[1]);
                }
            } catch (SQLException e) {
                System.err.println("Could not drop the PostgreSQL sites' databases of " + database.name() + ": " + e);
            }
        }
    }

    /** Database and user of each site the panel's sites table lists on a db service of these types and port. */
    private static List<String[]> siteDatabases(Database database, List<String> types, int port) {
        List<String[]> made = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.server().username(),
                database.server().password());
             var query = connection.prepareStatement("SELECT s.db_name, s.db_user FROM sites s JOIN services v "
                     + "ON v.id = s.db_service_id WHERE s.status <> 'DELETED' AND lower(v.type) = ANY (?) "
                     + "AND coalesce(v.port, CASE lower(v.type) WHEN 'postgresql' THEN 5432 ELSE 3306 END) = ?")) {
            query.setArray(1, connection.createArrayOf("text", types.toArray()));
            query.setInt(2, port);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                made.add(new String[] {rows.getString(1), rows.getString(2)});
            }
        } catch (SQLException e) {
            // no sites table: the context did not get that far
        }
        return made;
    }

    private static void dropPostgresSite(Connection connection, Database panel, String database, String user) {
        if (database != null && PLAIN_NAME.matcher(database).matches() && !database.equals(panel.name())
                && !Set.of("postgres", "template0", "template1").contains(database)) {
            try (var statement = connection.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS \"" + database + "\" WITH (FORCE)");
            } catch (SQLException e) {
                System.err.println("Could not drop the site database " + database + ": " + e);
            }
        }
        if (user != null && PLAIN_NAME.matcher(user).matches() && !user.equals(panel.server().username())) {
            try (var statement = connection.createStatement()) {
                statement.execute("DROP ROLE IF EXISTS \"" + user + "\"");
            } catch (SQLException e) {
                System.err.println("Could not drop the site role " + user + ": " + e);
            }
        }
    }

    private static void dropSite(Connection connection, String database, String user) throws SQLException {
        if (database != null && PLAIN_NAME.matcher(database).matches()) {
            connection.createStatement().execute("DROP DATABASE IF EXISTS `" + database + "`");
        }
        if (user == null || !PLAIN_NAME.matcher(user).matches()) {
            return;
        }
        List<String> hosts = new ArrayList<>();
        try (var query = connection.prepareStatement("SELECT host FROM mysql.user WHERE user = ?")) {
            query.setString(1, user);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                hosts.add(rows.getString(1));
            }
        }
        for (String host : hosts) {
            try (var dropUser = connection.prepareStatement("DROP USER IF EXISTS ?@?")) {
                dropUser.setString(1, user);
                dropUser.setString(2, host);
                dropUser.execute();
            }
        }
    }

    /** Destroyed after the context's data source: then nothing uses the database any more. */
    record DatabaseDrop(Database database) implements DisposableBean {

        @Override
        public void destroy() {
            drop(database);
        }
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

    /** Removes a directory tree (a test home; the embedded MariaDB's binaries and data are a few hundred MB). */
    /** Removes a folder and what it holds, saying nothing when it cannot. */
    public static void deleteQuietly(Path dir) {
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
