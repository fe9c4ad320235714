package dev.bosun.server.internal;

import java.util.List;

import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerStatus;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;

@RequiresProgram({"pg_dump", "psql", "ps"})
class PostgresDriverTests extends DatabaseDriverContractTests {

    @Override
    TestDatabases.Server server() {
        return TestDatabases.postgres();
    }

    @Override
    DatabaseDriver driverOnPort(int port) {
        String host = server().host().equals("localhost") ? "127.0.0.1" : server().host();
        DbServiceInfo service = new DbServiceInfo(1, 1, DbType.POSTGRESQL, host, port, server().username(),
                ServerStatus.ENABLED);
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of());
        return new PostgresDriver(service, "master", server().password(), programs, passwordFileDir());
    }

    @Override
    String jdbcScheme() {
        return "postgresql";
    }

    @Override
    String dumpProgram() {
        return "pg_dump";
    }
}
