package dev.bosun.server.internal;

import dev.bosun.server.ServerInfo;

/** Where and as whom to connect, and the host key pinned for the server (null before the first verify). */
public record SshTarget(long serverId, String name, String hostname, int port, String user, String pinnedHostKey) {

    public static SshTarget of(ServerInfo server) {
        return new SshTarget(server.id(), server.name(), server.hostname(), server.port(), server.sshUser(),
                server.hostKey());
    }

    SshTarget withPinnedHostKey(String hostKey) {
        return new SshTarget(serverId, name, hostname, port, user, hostKey);
    }

    String address() {
        return user + "@" + hostname + ":" + port;
    }
}
