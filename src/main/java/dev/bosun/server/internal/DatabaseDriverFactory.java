package dev.bosun.server.internal;

import java.nio.file.Path;

import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbServiceInfo;

/** Makes the driver for a db service's engine. */
public final class DatabaseDriverFactory {

    private DatabaseDriverFactory() {
    }

    /**
     * @param serverName the name of the server the service is on, for messages
     * @param programs   where the master finds the client programs for dumps and imports
     */
    public static DatabaseDriver create(DbServiceInfo service, String serverName, String adminPassword,
                                        ClientPrograms programs, Path tempDir) {
        return service.type().isMysqlFamily()
                ? new MariaDbDriver(service, serverName, adminPassword, programs, tempDir)
                : new PostgresDriver(service, serverName, adminPassword, programs, tempDir);
    }
}
