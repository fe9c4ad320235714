package dev.bosun.server;

/** The database engines Bosun creates site databases on. */
public enum DbType {
    MARIADB(3306),
    MYSQL(3306),
    POSTGRESQL(5432);

    private final int defaultPort;

    DbType(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    public int defaultPort() {
        return defaultPort;
    }

    public boolean isMysqlFamily() {
        return this != POSTGRESQL;
    }
}
