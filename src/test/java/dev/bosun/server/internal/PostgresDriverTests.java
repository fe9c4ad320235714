package dev.bosun.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;

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
        TestDatabases.Server server = TestDatabases.postgres();
        DbServiceInfo service = new DbServiceInfo(1, 1, DbType.POSTGRESQL, server.host().equals("localhost")
                ? "127.0.0.1" : server.host(), server.port(), server.username(), ServerStatus.ENABLED);
        passwordFileDir = Files.createTempDirectory("bosun-tmp");
        driver = new PostgresDriver(service, server.password(), new LocalShell("master"), passwordFileDir);
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
