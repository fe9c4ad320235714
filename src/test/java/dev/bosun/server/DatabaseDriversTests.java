package dev.bosun.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseDriversTests {

    private final DatabaseDrivers drivers = new DatabaseDrivers(null, null, null, null, null);

    @Test
    void aSiteUserMayConnectOnlyFromItsWebServer() {
        DbServiceInfo db = new DbServiceInfo(7, 2, DbType.MARIADB, "db1.example.com", 3306, "bosun", ServerStatus.ENABLED);

        assertThat(drivers.clientHosts(db, server(3, "web1.example.com"))).containsExactly("web1.example.com");
        assertThat(drivers.clientHosts(db, server(2, "db1.example.com"))).containsExactly("localhost", "127.0.0.1");
    }

    @Test
    void aDatabaseOnLoopbackIsReachedFromLoopback() {
        DbServiceInfo db = new DbServiceInfo(7, 2, DbType.MARIADB, "127.0.0.1", 3306, "root", ServerStatus.ENABLED);

        assertThat(drivers.clientHosts(db, server(3, "web1.example.com"))).containsExactly("localhost", "127.0.0.1");
    }

    private static ServerInfo server(long id, String hostname) {
        return new ServerInfo(id, "s" + id, hostname, 22, "bosun", false, ServerStatus.ENABLED, null, null, null, null);
    }
}
