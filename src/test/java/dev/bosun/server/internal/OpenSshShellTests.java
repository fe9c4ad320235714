package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bosun.server.Command;
import dev.bosun.server.HostKeyException;
import dev.bosun.server.LineSink;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.server.TrackedShell;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SSH shell against the machine's OpenSSH server, started on a free port with a key made for the run. */
@RequiresProgram({"sshd", "ssh-keygen"})
class OpenSshShellTests extends ShellContractTests {

    private static final long SERVER_ID = 1;

    private static SshTestSupport ssh;
    private static OpenSshServer server;
    private static String pinned;

    @BeforeAll
    static void startServer() throws Exception {
        Path home = TestDatabases.temporaryFolder("bosun-openssh");
        ssh = new SshTestSupport(home);
        server = OpenSshServer.start(ssh.panelKey.authorizedKeysLine());
        ssh.shell(SERVER_ID, server.port(), null, true).connect();
        pinned = ssh.pins.get(SERVER_ID);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (ssh != null) {
            ssh.connections.closeAll();
        }
        if (server != null) {
            server.close();
        }
    }

    @Override
    Shell shell() {
        return ssh.shell(SERVER_ID, server.port(), pinned, false);
    }

    @Test
    void pinsTheServersOwnEd25519HostKey() throws Exception {
        String hostKey = Files.readString(server.dir().resolve("ssh_host_ed25519_key.pub")).strip();

        assertThat(hostKey).startsWith(pinned);
    }

    @Test
    void refusesAChangedHostKey() throws Exception {
        try (OpenSshServer impostor = OpenSshServer.start(ssh.panelKey.authorizedKeysLine())) {
            Shell shell = ssh.shell(2, impostor.port(), pinned, true);

            assertThatThrownBy(() -> shell.run(Command.of("true"), LineSink.NONE, TIMEOUT))
                    .isInstanceOf(HostKeyException.class).hasMessageContaining("has changed");
        }
    }

    @Test
    void thePanelKeyWorksForOpenSshClientsToo() throws Exception {
        Shell local = new LocalShell("master");
        var result = local.run(Command.of("ssh", "-i", ssh.panelKey.privateKeyFile().toString(), "-p",
                String.valueOf(server.port()), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "root@127.0.0.1", "echo", "hello"), LineSink.NONE, TIMEOUT);

        assertThat(result.stdout()).isEqualTo("hello\n");
    }

    @Test
    void movesDirectoriesWithRsyncKeepingSymlinks() throws Exception {
        SshShell shell = (SshShell) shell();
        String remote = temp.resolve("rsynced").toString();

        shell.push(siteTree(), remote);
        Path back = temp.resolve("rsynced-back");
        shell.pull(remote, back);

        assertThat(shell.transfersWithRsync()).isTrue();
        assertThat(Path.of(remote, "current")).isSymbolicLink();
        assertThat(Files.readSymbolicLink(back.resolve("current"))).isEqualTo(Path.of("files"));
        assertThat(Files.readAllBytes(back.resolve("files/images/logo.png"))).containsExactly(1, 2, 3, 0xff);
    }

    @Test
    void aTrackedPushRunsItsRsyncUnderTheTagSoATakeOverStopsIt() throws Exception {
        Shell tracked = TrackedShell.of(shell(), "task-9017");
        Path big = Files.createDirectories(temp.resolve("big"));
        try (RandomAccessFile file = new RandomAccessFile(big.resolve("files.bin").toFile(), "rw")) {
            file.setLength(2L * 1024 * 1024 * 1024); // sparse here, sent in full: rsync runs for a while
        }
        String remote = temp.resolve("big-remote").toString();
        Shell master = new LocalShell("master");
        CompletableFuture<Void> push = CompletableFuture.runAsync(() -> tracked.push(big, remote));
        Command pidFiles = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", "task-9017");
        String running = await().atMost(Duration.ofSeconds(60))
                .until(() -> master.run(pidFiles, LineSink.NONE, TIMEOUT).stdout(), line -> !line.isBlank());

        List<TrackedProcesses.Stopped> stopped = master.stopTracked("task-9017", TrackedProcesses.STOP_GRACE);

        assertThat(running).contains("rsync");
        assertThat(stopped).singleElement().extracting(TrackedProcesses.Stopped::program).isEqualTo("rsync");
        assertThatThrownBy(() -> push.get(60, TimeUnit.SECONDS)).hasCauseInstanceOf(ShellException.class)
                .hasMessageContaining("rsync");
    }
}
