package dev.bosun.server.internal;

import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import dev.bosun.server.HostKeyException;
import dev.bosun.server.HostKeys;
import dev.bosun.server.ShellException;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One SSH connection per server, opened on first use with the panel's key and kept for later commands;
 * a connection whose target (address, user, pinned key) changed is replaced. The host key must match
 * the pinned one; the first one is pinned only by a verify.
 */
@Component
public class SshConnections {

    private static final Logger log = LoggerFactory.getLogger(SshConnections.class);

    private final JSch jsch = new JSch();
    private final PanelKey panelKey;
    private final SshProperties properties;
    private final HostKeyPins pins;
    private final Map<Long, Connection> connections = new ConcurrentHashMap<>();
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

    SshConnections(PanelKey panelKey, SshProperties properties, HostKeyPins pins) {
        this.panelKey = panelKey;
        this.properties = properties;
        this.pins = pins;
        try {
            jsch.addIdentity(panelKey.privateKeyFile().toString());
        } catch (JSchException e) {
            throw new IllegalStateException("Cannot load the panel's SSH key " + panelKey.privateKeyFile(), e);
        }
    }

    /** Where the pins are kept: the servers table, or a map in tests. */
    public interface HostKeyPins {
        void pin(long serverId, String hostKey);
    }

    Session session(SshTarget target, boolean trustOnFirstUse) {
        Connection current = connections.get(target.serverId());
        if (current != null && current.target().equals(target) && current.session().isConnected()) {
            return current.session();
        }
        synchronized (locks.computeIfAbsent(target.serverId(), id -> new Object())) {
            current = connections.get(target.serverId());
            if (current != null && current.target().equals(target) && current.session().isConnected()) {
                return current.session();
            }
            if (current != null) {
                current.session().disconnect();
            }
            Connection connection = connect(target, trustOnFirstUse);
            connections.put(target.serverId(), connection);
            return connection.session();
        }
    }

    PanelKey panelKey() {
        return panelKey;
    }

    int connectTimeoutMillis() {
        return (int) properties.connectTimeout().toMillis();
    }

    /** Drops the connection to a server, e.g. after its settings changed. */
    public void close(long serverId) {
        Connection connection = connections.remove(serverId);
        if (connection != null) {
            connection.session().disconnect();
        }
    }

    @PreDestroy
    void closeAll() {
        connections.keySet().forEach(this::close);
    }

    private Connection connect(SshTarget target, boolean trustOnFirstUse) {
        PinnedHostKey hostKey = new PinnedHostKey(target.pinnedHostKey(), trustOnFirstUse);
        try {
            Session session = jsch.getSession(target.user(), target.hostname(), target.port());
            session.setHostKeyRepository(hostKey);
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("server_host_key", hostKey.preferredAlgorithms(session.getConfig("server_host_key")));
            session.setServerAliveInterval((int) properties.keepAlive().toMillis());
            session.setServerAliveCountMax(3);
            session.connect(connectTimeoutMillis());
            if (hostKey.pinned() == null) {
                pins.pin(target.serverId(), hostKey.offered());
                log.info("Pinned the SSH host key {} of server {}", HostKeys.fingerprint(hostKey.offered()), target.name());
                return new Connection(target.withPinnedHostKey(hostKey.offered()), session);
            }
            return new Connection(target, session);
        } catch (JSchException e) {
            throw failure(target, hostKey, trustOnFirstUse, e);
        }
    }

    private static ShellException failure(SshTarget target, PinnedHostKey hostKey, boolean trustOnFirstUse,
                                          JSchException e) {
        String message = String.valueOf(e.getMessage());
        if (hostKey.offered() != null && hostKey.pinned() != null && !hostKey.pinned().equals(hostKey.offered())) {
            return new HostKeyException("The SSH host key of server " + target.name() + " (" + target.hostname() + ":"
                    + target.port() + ") has changed: pinned " + HostKeys.fingerprint(hostKey.pinned()) + ", offered "
                    + HostKeys.fingerprint(hostKey.offered()) + ". Bosun refuses to connect: this can be an attack. "
                    + "If the server was reinstalled, forget the pinned key on the server's page, then verify it again.");
        }
        if (hostKey.offered() != null && hostKey.pinned() == null && !trustOnFirstUse) {
            return new HostKeyException("Server " + target.name() + " has no pinned SSH host key yet: verify the "
                    + "server first, which pins the key it shows (" + HostKeys.fingerprint(hostKey.offered()) + ").");
        }
        if (message.contains("Auth fail") || message.contains("Auth cancel")) {
            return new ShellException("Server " + target.name() + " refused the panel's SSH key for " + target.address()
                    + ": add the panel's public key (shown on the Servers page) to ~" + target.user()
                    + "/.ssh/authorized_keys there.", e);
        }
        Throwable cause = e.getCause();
        String reason = cause instanceof UnknownHostException ? "unknown host " + cause.getMessage()
                : cause != null && cause.getMessage() != null ? cause.getMessage() : message;
        return new ShellException("Cannot connect to server " + target.name() + " (" + target.address() + "): "
                + reason, e);
    }

    private record Connection(SshTarget target, Session session) {
    }
}
