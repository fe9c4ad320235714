package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bosun.server.Command;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import dev.bosun.server.SiteVhost;
import dev.bosun.server.HostKeyException;
import dev.bosun.server.HostKeys;
import dev.bosun.server.LineSink;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.server.TrackedShell;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The SSH shell against an in-JVM Apache MINA sshd: real protocol, real /bin/sh, SFTP. */
class MinaSshShellTests extends ShellContractTests {

    private static final long SERVER_ID = 1;

    private static Path home;
    private static SshTestSupport ssh;
    private static MinaSshServer server;
    private static String pinned;

    @BeforeAll
    static void startServer() throws Exception {
        home = TestDatabases.temporaryFolder("bosun-mina");
        ssh = new SshTestSupport(home);
        server = MinaSshServer.start(ssh.panelKey.authorizedKeysLine(), home.resolve("host.key"));
        ssh.shell(SERVER_ID, server.port(), null, true).connect();
        pinned = ssh.pins.get(SERVER_ID);
    }

    @AfterAll
    static void stopServer() throws Exception {
        ssh.connections.closeAll();
        server.close();
    }

    @Override
    Shell shell() {
        return ssh.shell(SERVER_ID, server.port(), pinned, false);
    }

    @Test
    void verifyPinsTheHostKeyTheServerShows() {
        assertThat(pinned).matches("(ssh-ed25519|ecdsa-sha2-nistp\\d+|ssh-rsa) [A-Za-z0-9+/=]+");
        assertThat(HostKeys.fingerprint(pinned)).startsWith("SHA256:");
    }

    @Test
    void reusesOneConnectionForManyCommands() {
        long serverId = 2;
        SshShell verify = ssh.shell(serverId, server.port(), null, true);
        verify.connect();
        int before = server.sessionsOpened();
        Shell shell = ssh.shell(serverId, server.port(), ssh.pins.get(serverId), false);

        for (int i = 0; i < 5; i++) {
            assertThat(shell.run(Command.of("echo", "run " + i), LineSink.NONE, TIMEOUT).ok()).isTrue();
        }

        assertThat(server.sessionsOpened()).isEqualTo(before);
    }

    @Test
    void refusesAServerWithoutPinnedKeyOutsideAVerify() {
        Shell shell = ssh.shell(3, server.port(), null, false);

        assertThatThrownBy(() -> shell.run(Command.of("true"), LineSink.NONE, TIMEOUT))
                .isInstanceOf(HostKeyException.class)
                .hasMessageContaining("no pinned SSH host key yet").hasMessageContaining("verify the server first");
        assertThat(ssh.pins).doesNotContainKey(3L);
    }

    @Test
    void refusesAChangedHostKeyWithAClearMessage() throws Exception {
        try (MinaSshServer impostor = MinaSshServer.start(ssh.panelKey.authorizedKeysLine(), home.resolve("other.key"))) {
            Shell shell = ssh.shell(4, impostor.port(), pinned, true);

            assertThatThrownBy(() -> shell.run(Command.of("true"), LineSink.NONE, TIMEOUT))
                    .isInstanceOf(HostKeyException.class)
                    .hasMessageContaining("has changed")
                    .hasMessageContaining(HostKeys.fingerprint(pinned))
                    .hasMessageContaining("forget the pinned key");
        }
        assertThat(ssh.pins).doesNotContainKey(4L);
    }

    @Test
    void explainsAServerThatRefusesThePanelKey() throws Exception {
        Path otherHome = TestDatabases.temporaryFolder("bosun-other");
        SshTestSupport other = new SshTestSupport(otherHome);
        Shell shell = other.shell(5, server.port(), null, true);

        assertThatThrownBy(() -> shell.run(Command.of("true"), LineSink.NONE, Duration.ofSeconds(30)))
                .isInstanceOf(ShellException.class)
                .hasMessageContaining("refused the panel's SSH key").hasMessageContaining("authorized_keys");
        other.connections.closeAll();
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
    void movesDirectoriesOverSftpWhenRsyncCannotBeUsed() throws Exception {
        SshShell shell = ssh.shell(6, server.port(), null, true);
        String remote = temp.resolve("sftp-tree").toString();

        shell.push(siteTree(), remote);
        Path back = temp.resolve("sftp-back");
        shell.pull(remote, back);

        assertThat(shell.transfersWithRsync()).isFalse();
        assertThat(Files.readString(back.resolve("settings.php"))).isEqualTo("<?php\n");
        assertThat(Files.readAllBytes(back.resolve("files/images/logo.png"))).containsExactly(1, 2, 3, 0xff);
    }

    @Test
    void aTrackedSftpPushIsRecordedUnderTheTagSoATakeOverRemovesItsPartialFile() throws Exception {
        SshShell sftpOnly = ssh.shell(7, server.port(), null, true);
        Shell tracked = TrackedShell.of(sftpOnly, "task-9023");
        Path big = temp.resolve("big.bin");
        try (var file = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            file.setLength(512L * 1024 * 1024); // sparse here, sent in full: the push runs for a while
        }
        Path remote = temp.resolve("pushed").resolve("big.bin");
        Path partial = remote.resolveSibling(".big.bin.bosun-partial");
        Shell master = new LocalShell("master");
        CompletableFuture<Void> push = CompletableFuture.runAsync(() -> tracked.push(big, remote.toString()));
        Command records = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", "task-9023");
        String recorded = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> Files.exists(partial) ? master.run(records, LineSink.NONE, TIMEOUT).stdout() : "",
                        line -> !line.isBlank());

        // What a node that takes the task over does, while the push is still writing (as if its panel died).
        List<TrackedProcesses.Stopped> stopped = master.stopTracked("task-9023", TrackedProcesses.STOP_GRACE);

        assertThat(sftpOnly.transfersWithRsync()).isFalse();
        assertThat(recorded).contains("transfer " + remote);
        assertThat(stopped).singleElement().satisfies(removed -> {
            assertThat(removed.partialFile()).isTrue();
            assertThat(removed.program()).isEqualTo(partial.toString());
        });
        assertThat(partial).doesNotExist();
        assertThatThrownBy(() -> push.get(120, TimeUnit.SECONDS)).hasCauseInstanceOf(ShellException.class);
        assertThat(remote).as("no half-written file took its place").doesNotExist();
        assertThat(partial).doesNotExist();
    }

    @Test
    void anSftpPushThatFailsRemovesItsHiddenFile() throws Exception {
        SshShell sftpOnly = ssh.shell(9, server.port(), null, true);
        Path local = Files.writeString(temp.resolve("settings-new.php"), "<?php\n");
        // The target is a directory with a file in it: the rename into place and the removal before it both fail.
        Path remote = temp.resolve("occupied").resolve("settings.php");
        Files.createDirectories(remote);
        Files.writeString(remote.resolve("keep"), "kept");

        assertThatThrownBy(() -> sftpOnly.push(local, remote.toString())).isInstanceOf(ShellException.class);

        assertThat(remote.resolveSibling(".settings.php.bosun-partial")).doesNotExist();
        assertThat(remote.resolve("keep")).hasContent("kept");
    }

    @Test
    void aTrackedSftpPushThatEndsLeavesNoRecord() throws Exception {
        Shell tracked = TrackedShell.of(ssh.shell(8, server.port(), null, true), "task-9024");
        String remote = temp.resolve("tracked-tree").toString();

        tracked.push(siteTree(), remote);

        assertThat(Path.of(remote, "settings.php")).hasContent("<?php\n");
        assertThat(new LocalShell("master").run(Command.script("ls -A \"$HOME/.bosun/run/$1\" 2>/dev/null || true",
                "task-9024"), LineSink.NONE, TIMEOUT).stdout()).isBlank();
    }

    @Test
    void writesAVhostOnTheMasterPushesItAndPutsTheOldOneBackWhenRefused() throws Exception {
        Path remoteDir = temp.resolve("remote-vhost.d");
        Path marker = Files.writeString(temp.resolve("config-ok"), "");
        HttpServiceInfo http = new HttpServiceInfo(1, SERVER_ID, HttpType.NGINX, remoteDir.toString(),
                "test -e " + marker, "true", 80, "127.0.0.1:9000", ServerStatus.ENABLED);
        ServerInfo web = new ServerInfo(SERVER_ID, "web1", "127.0.0.1", server.port(), "root", false,
                ServerStatus.ENABLED, pinned, null, http, null);
        TemplateHttpDriver driver = new TemplateHttpDriver(web, shell(), temp.resolve("home"));
        RecordingTaskRun run = RecordingTaskRun.any();

        driver.writeSiteVhost(new SiteVhost("remote.test", List.of(), List.of(), "/var/www/one/web"), run.log());
        Files.delete(marker);
        assertThatThrownBy(() -> driver.writeSiteVhost(new SiteVhost("remote.test", List.of(), List.of(),
                "/var/www/two/web"), run.log())).hasMessageContaining("previous vhost was put back");

        assertThat(driver.masterCopy("remote.test")).startsWith(temp.resolve("home/config/web1/nginx/vhost.d"));
        assertThat(Files.readString(remoteDir.resolve("remote.test"))).contains("root /var/www/one/web;")
                .isEqualTo(Files.readString(driver.masterCopy("remote.test")));
        Files.writeString(marker, "");
        driver.removeVhost("remote.test", run.log());
        assertThat(remoteDir.resolve("remote.test")).doesNotExist();
        assertThat(run.messages("INFO")).contains("$ test -e " + marker);
    }
}
