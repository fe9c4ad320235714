package dev.bosun.server.internal;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.bosun.server.Shell;
import dev.bosun.test.TestDatabases;

/**
 * A "remote" server for tests of other modules: an in-JVM SSH server (Apache MINA sshd, real protocol, the
 * machine's /bin/sh, SFTP) and the panel's SSH shell connected to it with a pinned host key.
 */
public final class RemoteShellFixture implements AutoCloseable {

    private static final long SERVER_ID = 1;

    private final SshTestSupport ssh;
    private final MinaSshServer server;
    private final String pinned;

    private RemoteShellFixture(SshTestSupport ssh, MinaSshServer server, String pinned) {
        this.ssh = ssh;
        this.server = server;
        this.pinned = pinned;
    }

    public static RemoteShellFixture start() throws Exception {
        Path home = TestDatabases.temporaryFolder("bosun-remote");
        SshTestSupport ssh = new SshTestSupport(home);
        MinaSshServer server = MinaSshServer.start(ssh.panelKey.authorizedKeysLine(), home.resolve("host.key"));
        ssh.shell(SERVER_ID, server.port(), null, true).connect();
        return new RemoteShellFixture(ssh, server, ssh.pins.get(SERVER_ID));
    }

    /** The panel's shell on the server, as it reaches a remote web server. */
    public Shell shell() {
        return ssh.shell(SERVER_ID, server.port(), pinned, false);
    }

    @Override
    public void close() throws Exception {
        ssh.connections.closeAll();
        server.close();
    }
}
