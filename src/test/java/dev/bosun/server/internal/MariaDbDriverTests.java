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

@RequiresProgram({"mariadb-dump|mysqldump", "mariadb|mysql", "ps"})
class MariaDbDriverTests extends DatabaseDriverContractTests {

    private DatabaseDriver driver;
    private Path passwordFileDir;

    @BeforeEach
    void createDriver() throws Exception {
        TestDatabases.Server server = TestDatabases.mariadb();
        DbServiceInfo service = new DbServiceInfo(1, 1, DbType.MARIADB, "127.0.0.1", server.port(), server.username(),
                ServerStatus.ENABLED);
        passwordFileDir = Files.createTempDirectory("bosun-tmp");
        driver = new MariaDbDriver(service, server.password(), new LocalShell("master"), passwordFileDir);
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
