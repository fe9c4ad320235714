package dev.bosun.site;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import dev.bosun.server.DbType;
import dev.bosun.server.Names;
import dev.bosun.test.TestDatabases;

/**
 * What a site is made of, to compare before and after a task: the files of its directory (content
 * hashes), and the data of every table of its database (a hash of the sorted rows), read as the db
 * server's administrator.
 */
public final class SiteSnapshot {

    private SiteSnapshot() {
    }

    /** Relative path → sha256 of the content, {@code dir}, or {@code link -> target}; {@code skip} leaves paths out. */
    public static Map<String, String> files(Path root, Predicate<String> skip) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = root.relativize(path).toString();
                if (skip.test(relative)) {
                    continue;
                }
                if (Files.isSymbolicLink(path)) {
                    files.put(relative, "link -> " + Files.readSymbolicLink(path));
                } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(relative, "dir");
                } else {
                    files.put(relative, sha256(Files.readAllBytes(path)));
                }
            }
        }
        return files;
    }

    public static Map<String, String> files(Path root) throws Exception {
        return files(root, path -> false);
    }

    /** Table → sha256 of its rows (each row's values joined, the rows sorted), for every table of the database. */
    public static Map<String, String> tables(DbType type, String database) throws SQLException {
        Map<String, String> tables = new TreeMap<>();
        try (Connection connection = connect(type, database); Statement statement = connection.createStatement()) {
            for (String table : tableNames(type, connection)) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(rs.getString(i)).append('\u0001');
                        }
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                tables.put(table, sha256(String.join("\n", rows).getBytes(StandardCharsets.UTF_8)));
            }
        }
        return tables;
    }

    /** Runs one statement in the site's database as the administrator (a change "made by the site"). */
    public static void execute(DbType type, String database, String sql, String... params) throws SQLException {
        try (Connection connection = connect(type, database); var statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.execute();
        }
    }

    public static String query(DbType type, String database, String sql) throws SQLException {
        try (Connection connection = connect(type, database); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The databases and users of the db server whose names start with the domain's database and user names. */
    public static List<String> databasesAndUsers(DbType type, String domain) throws SQLException {
        String databases = Names.databaseName(domain).replace("_", "\\_") + "%";
        String users = Names.databaseUser(domain).replace("_", "\\_") + "%";
        String sql = type == DbType.POSTGRESQL
                ? "SELECT 'db ' || datname FROM pg_database WHERE datname LIKE ? UNION ALL "
                        + "SELECT 'user ' || rolname FROM pg_roles WHERE rolname LIKE ? ORDER BY 1"
                : "SELECT CONCAT('db ', schema_name) FROM information_schema.schemata WHERE schema_name LIKE ? UNION ALL "
                        + "SELECT DISTINCT CONCAT('user ', user) FROM mysql.user WHERE user LIKE ? ORDER BY 1";
        List<String> names = new ArrayList<>();
        try (Connection connection = connect(type, null); var statement = connection.prepareStatement(sql)) {
            statement.setString(1, databases);
            statement.setString(2, users);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> tableNames(DbType type, Connection connection) throws SQLException {
        String sql = type == DbType.POSTGRESQL
                ? "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                : "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY 1";
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static Connection connect(DbType type, String database) throws SQLException {
        TestDatabases.Server server = type == DbType.POSTGRESQL ? TestDatabases.postgres() : TestDatabases.mariadb();
        String url = database == null ? server.url() : server.urlFor(database);
        return DriverManager.getConnection(url, server.username(), server.password());
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
