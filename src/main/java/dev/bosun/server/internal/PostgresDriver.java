package dev.bosun.server.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.bosun.server.Command;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.Names;
import org.postgresql.PGConnection;

/**
 * PostgreSQL: a login role per site and a database owned by it that no other role may connect to;
 * the password is hashed on the panel's side (SCRAM), so it never travels as SQL text; pg_dump/psql
 * read it from a 0600 PGPASSFILE. Client hosts are pg_hba's business, so they are ignored here.
 */
class PostgresDriver extends JdbcDatabaseDriver {

    PostgresDriver(DbServiceInfo service, String serverName, String adminPassword, ClientPrograms programs, Path tempDir) {
        super(service, serverName, adminPassword, programs, tempDir);
    }

    @Override
    String jdbcUrl() {
        return "jdbc:postgresql://" + service().host() + ":" + service().port() + "/postgres";
    }

    @Override
    String connectTimeoutValue() {
        return "10";
    }

    @Override
    public String checkConnection() {
        try (Connection connection = admin(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1);
        } catch (SQLException e) {
            throw failure("connect as " + service().adminUser(), e);
        }
    }

    @Override
    public void createDatabase(String database) {
        execute("create database " + database, "CREATE DATABASE " + quote(database) + " ENCODING 'UTF8' TEMPLATE template0");
        execute("close database " + database, "REVOKE ALL ON DATABASE " + quote(database) + " FROM PUBLIC");
    }

    @Override
    public void createUser(DbCredentials credentials, String clientHost) {
        if (userExists(credentials.user())) {
            return;
        }
        try (Connection connection = admin(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE ROLE " + quote(credentials.user()) + " LOGIN");
            connection.unwrap(PGConnection.class).alterUserPassword(credentials.user(),
                    credentials.password().toCharArray(), null);
        } catch (SQLException e) {
            throw failure("create role " + credentials.user(), e);
        }
    }

    @Override
    public void grant(DbCredentials credentials, String clientHost) {
        execute("give " + credentials.database() + " to " + credentials.user(), "ALTER DATABASE "
                + quote(credentials.database()) + " OWNER TO " + quote(credentials.user()));
        execute("grant " + credentials.database() + " to " + credentials.user(), "GRANT ALL ON DATABASE "
                + quote(credentials.database()) + " TO " + quote(credentials.user()));
    }

    @Override
    public void revoke(DbCredentials credentials, String clientHost) {
        if (!databaseExists(credentials.database()) || !userExists(credentials.user())) {
            return;
        }
        execute("revoke " + credentials.database() + " from " + credentials.user(), "REVOKE ALL ON DATABASE "
                + quote(credentials.database()) + " FROM " + quote(credentials.user()));
        execute("take back " + credentials.database(), "ALTER DATABASE " + quote(credentials.database())
                + " OWNER TO CURRENT_USER");
    }

    @Override
    public void dropUser(String user, String clientHost) {
        execute("drop role " + user, "DROP ROLE IF EXISTS " + quote(user));
    }

    @Override
    public void dropDatabase(String database) {
        execute("drop database " + database, "DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
    }

    @Override
    public boolean databaseExists(String database) {
        return exists("SELECT 1 FROM pg_database WHERE datname = ?", database);
    }

    @Override
    public boolean userExists(String user) {
        return exists("SELECT 1 FROM pg_roles WHERE rolname = ?", user);
    }

    @Override
    Command clientCommand(DbCredentials credentials, Path passwordFile, boolean dump) {
        Command command = dump
                ? Command.of(program("pg_dump"), "--no-owner", "--no-privileges")
                : Command.of(program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1");
        return command.with("-h", Names.hostname("database host", credentials.host()), "-p",
                        String.valueOf(credentials.port()), "-U", Names.identifier("database user", credentials.user()),
                        "-d", Names.identifier("database", credentials.database()))
                .withEnv("PGPASSFILE", passwordFile.toString());
    }

    @Override
    String passwordFileContent(DbCredentials credentials) {
        return "*:*:*:*:" + credentials.password().replace("\\", "\\\\").replace(":", "\\:") + "\n";
    }

    private static String quote(String identifier) {
        return "\"" + Names.identifier("database", identifier) + "\"";
    }
}
