package dev.bosun.server;

import dev.bosun.BosunProperties;
import dev.bosun.server.internal.ServerStore;
import dev.bosun.server.internal.TemplateHttpDriver;
import org.springframework.stereotype.Service;

/** Hands out the {@link HttpDriver} of a server's web service (from the repository: task handlers use it). */
@Service
public class HttpDrivers {

    private final ServerStore servers;
    private final Shells shells;
    private final BosunProperties properties;

    HttpDrivers(ServerStore servers, Shells shells, BosunProperties properties) {
        this.servers = servers;
        this.shells = shells;
        this.properties = properties;
    }

    public HttpDriver forServer(long serverId) {
        ServerInfo server = servers.findById(serverId).orElseThrow(() -> new ServerNotFoundException(serverId));
        if (server.http() == null) {
            throw new IllegalArgumentException("Server " + server.name() + " has no web service");
        }
        return new TemplateHttpDriver(server, shells.forServer(server), properties.homeDir());
    }
}
