package dev.bosun.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.server.internal.WebServerProcess;
import dev.bosun.test.TestDatabases;

/** What the benchmarks that run a panel in-process share: the master with its nginx, platforms, waiting. */
final class BenchPanel {

    private BenchPanel() {
    }

    /** Registers the local machine as master, served by this nginx and PHP-FPM, with the machine's MariaDB. */
    static ServerInfo master(ServerService servers, Path vhosts, WebServerProcess nginx, WebServerProcess fpm) {
        TestDatabases.Server db = TestDatabases.mariadb();
        return servers.register(new ServerRegistration("master", "localhost", 22, null, true,
                new ServerRegistration.HttpSettings(HttpType.NGINX, vhosts.toString(),
                        WebServerProcess.nginxCommand(nginx, "-t"), WebServerProcess.nginxCommand(nginx, "-s", "reload"),
                        nginx.port(), "127.0.0.1:" + fpm.port()),
                new ServerRegistration.DbSettings(DbType.MARIADB, db.host(), db.port(), db.username(), db.password())));
    }

    /** Registers the platform at {@code root} and waits for its verify. */
    static long platform(PlatformService platforms, ServerInfo server, Path root, String name)
            throws InterruptedException {
        long id = platforms.register(new PlatformForm(name + " " + System.nanoTime(), server.id(), root.toString(),
                null, null), "bench").platform().id();
        waitFor(Duration.ofMinutes(5), () -> platforms.get(id).status() == PlatformStatus.ENABLED,
                "platform " + name + " to be verified");
        return id;
    }

    static void waitFor(Duration limit, BooleanSupplier done, String what) throws InterruptedException {
        Instant until = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(until)) {
                throw new IllegalStateException("Gave up waiting for " + what + " after " + limit);
            }
            Thread.sleep(200);
        }
    }
}
