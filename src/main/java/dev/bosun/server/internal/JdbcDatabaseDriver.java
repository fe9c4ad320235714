package dev.bosun.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;

import dev.bosun.TaskFiles;
import dev.bosun.server.Command;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DatabaseException;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.LineSink;
import dev.bosun.server.Names;
import dev.bosun.server.ShellException;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.task.TaskLogger;

/** What the MariaDB and PostgreSQL drivers share: admin JDBC connections, names, 0600 password files, streaming. */
abstract class JdbcDatabaseDriver implements DatabaseDriver {

    static final Duration DUMP_TIMEOUT = Duration.ofHours(6);
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DbServiceInfo service;
    private final String serverName;
    private final String adminPassword;
    private final ClientPrograms programs;
    private final Path tempDir;

    JdbcDatabaseDriver(DbServiceInfo service, String serverName, String adminPassword, ClientPrograms programs,
                       Path tempDir) {
        this.service = service;
        this.serverName = serverName;
        this.adminPassword = adminPassword == null ? "" : adminPassword;
        this.programs = programs;
        this.tempDir = tempDir;
    }

    @Override
    public DbServiceInfo service() {
        return service;
    }

    @Override
    public DbCredentials newCredentials(String domain) {
        String database = Names.unique(Names.databaseName(domain), Names.DATABASE_NAME_MAX, this::databaseExists);
        String user = Names.unique(Names.databaseUser(domain), Names.DATABASE_USER_MAX, this::userExists);
        return new DbCredentials(service.type(), database, user, newPassword(), service.host(), service.port());
    }

    @Override
    public void provision(DbCredentials credentials, List<String> clientHosts) {
        createDatabase(credentials.database());
        for (String host : clientHosts) {
            createUser(credentials, host);
            grant(credentials, host);
        }
    }

    @Override
    public void deprovision(DbCredentials credentials, List<String> clientHosts) {
        dropDatabase(credentials.database());
        for (String host : clientHosts) {
            revoke(credentials, host);
            dropUser(credentials.user(), host);
        }
    }

    @Override
    public void dump(DbCredentials credentials, OutputStream out, TaskLogger log) {
        log.secret(credentials.password());
        stream(credentials, log, "dump of " + credentials.database(),
                (command, lines) -> programs.shell().exec(command, null, out, lines, DUMP_TIMEOUT), true);
    }

    @Override
    public void importDump(DbCredentials credentials, InputStream in, TaskLogger log) {
        log.secret(credentials.password());
        stream(credentials, log, "import into " + credentials.database(),
                (command, lines) -> programs.shell().exec(command, in, OutputStream.nullOutputStream(), lines,
                        DUMP_TIMEOUT), false);
    }

    /** The client program's command for a dump or an import, reading its password from {@code passwordFile}. */
    abstract Command clientCommand(DbCredentials credentials, Path passwordFile, boolean dump);

    /** The content of the 0600 password file the client program reads. */
    abstract String passwordFileContent(DbCredentials credentials);

    abstract String jdbcUrl();

    Connection admin() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", service.adminUser());
        properties.setProperty("password", adminPassword);
        properties.setProperty("connectTimeout", connectTimeoutValue());
        return DriverManager.getConnection(jdbcUrl(), properties);
    }

    /** The driver's connect timeout: seconds for PostgreSQL, milliseconds for MariaDB. */
    abstract String connectTimeoutValue();

    void execute(String what, String sql, String... params) {
        try (Connection connection = admin(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setString(i + 1, params[i]);
            }
            statement.execute();
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    boolean exists(String sql, String value) {
        try (Connection connection = admin(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw failure("look up " + value, e);
        }
    }

    /**
     * The failure of a statement, or of the connection before it: "Cannot connect to the database server X at
     * host:port" with the network's reason when the server could not be reached or refused the admin account,
     * else what was tried and the engine's message.
     */
    DatabaseException failure(String what, SQLException e) {
        String where = serverName + " at " + service.host() + ":" + service.port() + " ("
                + service.type().name().toLowerCase() + ")";
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.startsWith("08") || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException) {
            return new DatabaseException("Cannot connect to database server " + where + ": " + networkReason(e)
                    + ". Check that it is running and accepts connections from the panel, then retry.", e);
        }
        if (state.startsWith("28")) {
            return new DatabaseException("Database server " + where + " refused the admin account "
                    + service.adminUser() + ": " + e.getMessage() + ". Check the server's db settings.", e);
        }
        return new DatabaseException("Could not " + what + " on database server " + where + ": " + e.getMessage(), e);
    }

    /** The innermost I/O failure's message ("Connection refused"), else the driver's own. */
    private static String networkReason(SQLException e) {
        String reason = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException && cause.getMessage() != null && !cause.getMessage().isBlank()) {
                reason = cause.getMessage();
            }
        }
        return reason;
    }

    private void stream(DbCredentials credentials, TaskLogger log, String what, Streaming streaming, boolean dump) {
        Path passwordFile = null;
        try {
            passwordFile = writePasswordFile(passwordFileContent(credentials));
            Command command = clientCommand(credentials, passwordFile, dump);
            log.info("$ " + command);
            int exit = streaming.run(command, LineSink.of(log));
            if (exit != 0) {
                throw new ShellException("The " + what + " failed (exit code " + exit + "); see the lines above.");
            }
        } catch (IOException e) {
            throw new ShellException("The " + what + " could not write its password file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(passwordFile);
        }
    }

    /** In the private directory of the task whose processes the client programs' shell tracks, else in tempDir. */
    private Path writePasswordFile(String content) throws IOException {
        OptionalLong task = TrackedProcesses.taskOf(programs.shell());
        Path directory = task.isPresent() ? TaskFiles.taskDirectory(tempDir, task.getAsLong())
                : TaskFiles.privateDirectory(tempDir);
        Path file = Files.createTempFile(directory, "db-", ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a 0600 file in the panel's own temp directory
        }
    }

    static String newPassword() {
        StringBuilder password = new StringBuilder(24);
        for (int i = 0; i < 24; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    /** The client program to run: the first candidate on the master's PATH, else in the extra directories. */
    String program(String... candidates) {
        return programs.find(candidates);
    }

    @FunctionalInterface
    private interface Streaming {
        int run(Command command, LineSink lines);
    }
}
