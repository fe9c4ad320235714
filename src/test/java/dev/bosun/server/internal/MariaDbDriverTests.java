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

@RequiresProgram({"mariadb-dump|mysqldump", "mariadb|mysql", "ps"})
class MariaDbDriverTests extends DatabaseDriverContractTests {

    private DatabaseDriver driver;
    private Path passwordFileDir;

    @BeforeEach
    void createDriver() throws Exception {
        passwordFileDir = Files.createTempDirectory("bosun-tmp");
        driver = driverOnPort(TestDatabases.mariadb().port());
    }

    @Override
    DatabaseDriver driverOnPort(int port) {
        TestDatabases.Server server = TestDatabases.mariadb();
        DbServiceInfo service = new DbServiceInfo(1, 1, DbType.MARIADB, "127.0.0.1", port, server.username(),
                ServerStatus.ENABLED);
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of());
        return new MariaDbDriver(service, "master", server.password(), programs, passwordFileDir);
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
        return "jdbc:mariadb://" + credentials.host() + ":" + credentials.port() + "/" + credentials.database();
    }

    @Override
    String dumpProgram() {
        return "mariadb-dump";
    }
}
