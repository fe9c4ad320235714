package dev.bosun.server.internal;

import org.springframework.stereotype.Component;

/** Pins host keys in the servers table (only where none is pinned yet). */
@Component
class ServerHostKeyPins implements SshConnections.HostKeyPins {

    private final ServerStore servers;

    ServerHostKeyPins(ServerStore servers) {
        this.servers = servers;
    }

    @Override
    public void pin(long serverId, String hostKey) {
        servers.pinHostKey(serverId, hostKey);
    }
}
