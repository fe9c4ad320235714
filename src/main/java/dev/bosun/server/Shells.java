package dev.bosun.server;

import dev.bosun.server.internal.LocalShell;
import dev.bosun.server.internal.ServerStore;
import dev.bosun.server.internal.SshConnections;
import dev.bosun.server.internal.SshShell;
import dev.bosun.server.internal.SshTarget;
import org.springframework.stereotype.Service;

/**
 * Hands out the shell of a server: the local shell for the master, SSH (with the pinned host key) for
 * the others. SSH connections are kept per server and reused.
 */
@Service
public class Shells {

    private final ServerStore servers;
    private final SshConnections connections;

    Shells(ServerStore servers, SshConnections connections) {
        this.servers = servers;
        this.connections = connections;
    }

    public Shell forServer(long serverId) {
        return forServer(servers.findById(serverId).orElseThrow(() -> new ServerNotFoundException(serverId)));
    }

    public Shell forServer(ServerInfo server) {
        return shell(server, false);
    }

    /** The panel's own machine, whether or not it is registered as the master server. */
    public Shell local() {
        return new LocalShell(servers.findMaster().map(ServerInfo::name).orElse("master"));
    }

    /** The shell a verify uses: like {@link #forServer}, but it pins the host key when none is pinned yet. */
    public Shell forVerify(ServerInfo server) {
        return shell(server, true);
    }

    private Shell shell(ServerInfo server, boolean trustOnFirstUse) {
        if (server.master()) {
            return new LocalShell(server.name());
        }
        return new SshShell(connections, SshTarget.of(server), trustOnFirstUse);
    }
}
