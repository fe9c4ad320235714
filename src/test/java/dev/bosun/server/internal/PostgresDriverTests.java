package dev.bosun.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerStatus;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.BeforeEach;

@RequiresProgram({"pg_dump", "psql", "ps"})
class PostgresDriverTests extends DatabaseDriverContractTests {

    private DatabaseDriver driver;
    private Path passwordFileDir;

    @BeforeEach
    void createDriver() throws Exception {
        passwordFileDir = Files.createTempDirectory("bosun-tmp");
        driver = driverOnPort(TestDatabases.postgres().port());
    }

    @Override
    DatabaseDriver driverOnPort(int port) {
        TestDatabases.Server server = TestDatabases.postgres();
        DbServiceInfo service = new DbServiceInfo(1, 1, DbType.POSTGRESQL, server.host().equals("localhost")
                ? "127.0.0.1" : server.host(), port, server.username(), ServerStatus.ENABLED);
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of());
        return new PostgresDriver(service, "master", server.password(), programs, passwordFileDir);
    }

    @Override
    Path passwordFileDir() {
        return passwordFileDir;
    }

    @Override
    DatabaseDriver driver() {
        return driver;
    }

    @Override
    String jdbcUrl(DbCredentials credentials) {
        return "jdbc:postgresql://" + credentials.host() + ":" + credentials.port() + "/" + credentials.database();
    }

    @Override
    String dumpProgram() {
        return "pg_dump";
    }
}
