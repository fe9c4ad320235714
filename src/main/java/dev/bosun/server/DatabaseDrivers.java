package dev.bosun.server;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.bosun.BosunProperties;
import dev.bosun.secret.SecretBox;
import dev.bosun.server.internal.ClientPrograms;
import dev.bosun.server.internal.DatabaseDriverFactory;
import dev.bosun.server.internal.ServerStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Hands out the {@link DatabaseDriver} of a db service, with its admin password decrypted; its dumps and imports
 * run the client programs of the master's PATH, else those of the {@link DatabaseClientDirectory} beans.
 */
@Service
public class DatabaseDrivers {

    private final ServerStore servers;
    private final SecretBox secrets;
    private final Shells shells;
    private final BosunProperties properties;
    private final ObjectProvider<DatabaseClientDirectory> clientDirectories;

    DatabaseDrivers(ServerStore servers, SecretBox secrets, Shells shells, BosunProperties properties,
                    ObjectProvider<DatabaseClientDirectory> clientDirectories) {
        this.servers = servers;
        this.secrets = secrets;
        this.shells = shells;
        this.properties = properties;
        this.clientDirectories = clientDirectories;
    }

    public DatabaseDriver forService(long serviceId) {
        return driver(serviceId, shells.local());
    }

    /**
     * The driver of a db service whose dumps and imports run tracked under {@code tag} ({@link TrackedProcesses}),
     * their password files in the task's private directory when the tag is a task's.
     */
    public DatabaseDriver forService(long serviceId, String tag) {
        return driver(serviceId, TrackedShell.of(shells.local(), tag));
    }

    private DatabaseDriver driver(long serviceId, Shell local) {
        DbServiceInfo service = servers.findDbService(serviceId)
                .orElseThrow(() -> new IllegalArgumentException("No db service " + serviceId));
        String password = servers.findDbAdminPassword(serviceId).map(secrets::decrypt).orElse("");
        String serverName = servers.findById(service.serverId()).map(ServerInfo::name).orElse("#" + service.serverId());
        return DatabaseDriverFactory.create(service, serverName, password,
                new ClientPrograms(local, clientDirectories()), properties.homeDir().resolve("tmp"));
    }

    /** The directories searched for client programs after the master's PATH. */
    public List<Path> clientDirectories() {
        return clientDirectories.orderedStream().map(DatabaseClientDirectory::directory).flatMap(Optional::stream)
                .toList();
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
