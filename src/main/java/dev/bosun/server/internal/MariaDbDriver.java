package dev.bosun.server.internal;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import dev.bosun.server.Command;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.Names;

/**
 * MariaDB and MySQL: a utf8mb4 database, a user per client host with all privileges on that database
 * only; mariadb-dump/mysqldump with {@code --single-transaction}, the password in a defaults file.
 */
class MariaDbDriver extends JdbcDatabaseDriver {

    MariaDbDriver(DbServiceInfo service, String serverName, String adminPassword, ClientPrograms programs, Path tempDir) {
        super(service, serverName, adminPassword, programs, tempDir);
    }

    @Override
    String jdbcUrl() {
        return "jdbc:mariadb://" + service().host() + ":" + service().port() + "/";
    }

    @Override
    String connectTimeoutValue() {
        return "10000";
    }

    @Override
    public String checkConnection() {
        try (Connection connection = admin(); Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw failure("connect as " + service().adminUser(), e);
        }
    }

    @Override
    public void createDatabase(String database) {
        execute("create database " + database, "CREATE DATABASE " + quote(database)
                + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
    }

    @Override
    public void createUser(DbCredentials credentials, String clientHost) {
        execute("create user " + credentials.user(), "CREATE USER " + account(credentials.user(), clientHost)
                + " IDENTIFIED BY ?", credentials.password());
    }

    @Override
    public void grant(DbCredentials credentials, String clientHost) {
        execute("grant " + credentials.database() + " to " + credentials.user(), "GRANT ALL PRIVILEGES ON "
                + quote(credentials.database()) + ".* TO " + account(credentials.user(), clientHost));
    }

    @Override
    public void revoke(DbCredentials credentials, String clientHost) {
        if (!accountExists(credentials.user(), clientHost)) {
            return;
        }
        try {
            execute("revoke " + credentials.database() + " from " + credentials.user(), "REVOKE ALL PRIVILEGES ON "
                    + quote(credentials.database()) + ".* FROM " + account(credentials.user(), clientHost));
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("no such grant")) {
                throw e;
            }
        }
    }

    @Override
    public void dropUser(String user, String clientHost) {
        execute("drop user " + user, "DROP USER IF EXISTS " + account(user, clientHost));
    }

    @Override
    public void dropDatabase(String database) {
        execute("drop database " + database, "DROP DATABASE IF EXISTS " + quote(database));
    }

    @Override
    public boolean databaseExists(String database) {
        return exists("SELECT 1 FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?", database);
    }

    @Override
    public boolean userExists(String user) {
        return exists("SELECT 1 FROM mysql.user WHERE User = ?", user);
    }

    private boolean accountExists(String user, String host) {
        return exists("SELECT 1 FROM mysql.user WHERE CONCAT(User, '@', Host) = ?", user + "@" + host);
    }

    @Override
    Command clientCommand(DbCredentials credentials, Path passwordFile, boolean dump) {
        // --defaults-extra-file must come first; host, port, user and password are in it
        Command command = dump
                ? Command.of(program("mariadb-dump", "mysqldump"), "--defaults-extra-file=" + passwordFile,
                        "--single-transaction", "--quick", "--no-tablespaces", "--skip-lock-tables")
                : Command.of(program("mariadb", "mysql"), "--defaults-extra-file=" + passwordFile);
        return command.with(Names.identifier("database", credentials.database()));
    }

    @Override
    String passwordFileContent(DbCredentials credentials) {
        return "[client]\n"
                + "host=" + Names.hostname("database host", credentials.host()) + "\n"
                + "port=" + credentials.port() + "\n"
                + "protocol=TCP\n"
                + "user=" + Names.identifier("database user", credentials.user()) + "\n"
                + "password=\"" + credentials.password().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
    }

    private static String quote(String identifier) {
        return "`" + Names.identifier("database", identifier) + "`";
    }

    private static String account(String user, String host) {
        String checkedHost = host.equals("%") ? host : Names.hostname("client host", host);
        return "'" + Names.identifier("database user", user) + "'@'" + checkedHost + "'";
    }
}
