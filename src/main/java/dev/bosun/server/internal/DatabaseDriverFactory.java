package dev.bosun.server.internal;

import java.nio.file.Path;

import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.Shell;

/** Makes the driver for a db service's engine. */
public final class DatabaseDriverFactory {

    private DatabaseDriverFactory() {
    }

    public static DatabaseDriver create(DbServiceInfo service, String adminPassword, Shell local, Path tempDir) {
        return service.type().isMysqlFamily()
                ? new MariaDbDriver(service, adminPassword, local, tempDir)
                : new PostgresDriver(service, adminPassword, local, tempDir);
    }
}
