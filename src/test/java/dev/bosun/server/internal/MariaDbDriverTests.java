package dev.bosun.server.internal;

import java.util.List;

import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerStatus;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;

@RequiresProgram({"mariadb-dump|mysqldump", "mariadb|mysql", "ps"})
class MariaDbDriverTests extends DatabaseDriverContractTests {

    @Override
    TestDatabases.Server server() {
        return TestDatabases.mariadb();
    }

    @Override
    DatabaseDriver driverOnPort(int port) {
        DbServiceInfo service = new DbServiceInfo(1, 1, DbType.MARIADB, "127.0.0.1", port, server().username(),
                ServerStatus.ENABLED);
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of());
        return new MariaDbDriver(service, "master", server().password(), programs, passwordFileDir());
    }

    @Override
    String jdbcScheme() {
        return "mariadb";
    }

    @Override
    String dumpProgram() {
        return "mariadb-dump";
    }
}
