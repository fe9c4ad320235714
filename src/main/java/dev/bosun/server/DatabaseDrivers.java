package dev.bosun.server;

import java.util.List;

import dev.bosun.BosunProperties;
import dev.bosun.secret.SecretBox;
import dev.bosun.server.internal.DatabaseDriverFactory;
import dev.bosun.server.internal.ServerRepository;
import org.springframework.stereotype.Service;

/** Hands out the {@link DatabaseDriver} of a db service, with its admin password decrypted. */
@Service
public class DatabaseDrivers {

    private final ServerRepository servers;
    private final SecretBox secrets;
    private final Shells shells;
    private final BosunProperties properties;

    DatabaseDrivers(ServerRepository servers, SecretBox secrets, Shells shells, BosunProperties properties) {
        this.servers = servers;
        this.secrets = secrets;
        this.shells = shells;
        this.properties = properties;
    }

    public DatabaseDriver forService(long serviceId) {
        DbServiceInfo service = servers.findDbService(serviceId)
                .orElseThrow(() -> new IllegalArgumentException("No db service " + serviceId));
        String password = servers.findDbAdminPassword(serviceId).map(secrets::decrypt).orElse("");
        return DatabaseDriverFactory.create(service, password, shells.local(), properties.homeDir().resolve("tmp"));
    }

    /**
     * The hosts a site's database user may connect from: the web server's host name, or, when the web server
     * is the database's own server, the loopback names (MariaDB tells a socket from TCP by them).
     */
    public List<String> clientHosts(DbServiceInfo db, ServerInfo webServer) {
        if (webServer.id() == db.serverId() || isLoopback(db.host())) {
            return List.of("localhost", "127.0.0.1");
        }
        return List.of(webServer.hostname());
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.");
    }
}
