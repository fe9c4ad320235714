package dev.bosun.server.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An in-JVM SSH server (Apache MINA sshd) speaking the real protocol: public-key auth for one key,
 * commands run by the real {@code /bin/sh -c}, and the SFTP subsystem.
 */
final class MinaSshServer implements AutoCloseable {

    private final SshServer server;
    private final AtomicInteger sessions = new AtomicInteger();

    private MinaSshServer(SshServer server) {
        this.server = server;
    }

    static MinaSshServer start(String authorizedKeyLine, Path hostKeyFile) throws Exception {
        return start(authorizedKeyLine, hostKeyFile, 0, Map.of());
    }

    /** On {@code port} (0 for a free one), commands run with {@code env} added to (or replacing) the JVM's environment. */
    static MinaSshServer start(String authorizedKeyLine, Path hostKeyFile, int port, Map<String, String> env)
            throws Exception {
        PublicKey allowed = AuthorizedKeyEntry.parseAuthorizedKeyEntry(authorizedKeyLine)
                .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(port);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(hostKeyFile));
        server.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(allowed, key));
        server.setCommandFactory((channel, command) -> new ShellCommand(command, env));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        MinaSshServer wrapper = new MinaSshServer(server);
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionCreated(Session session) {
                wrapper.sessions.incrementAndGet();
            }
        });
        server.start();
        return wrapper;
    }

    int port() {
        return server.getPort();
    }

    /** How many SSH connections clients opened so far. */
    int sessionsOpened() {
        return sessions.get();
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
