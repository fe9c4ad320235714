package dev.bosun.server.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.bosun.BosunProperties;

/** A panel key in a temp home and SSH connections that pin host keys in a map. */
final class SshTestSupport {

    final PanelKey panelKey;
    final Map<Long, String> pins = new ConcurrentHashMap<>();
    final SshConnections connections;

    SshTestSupport(Path home) {
        this.panelKey = new PanelKey(new BosunProperties(home, null, null, null, null, null, null));
        this.connections = new SshConnections(panelKey, SshProperties.defaults(), pins::put);
    }

    SshShell shell(long serverId, int port, String pinned, boolean trustOnFirstUse) {
        return new SshShell(connections, target(serverId, port, pinned), trustOnFirstUse);
    }

    static SshTarget target(long serverId, int port, String pinned) {
        return new SshTarget(serverId, "web" + serverId, "127.0.0.1", port, "root", pinned);
    }
}
