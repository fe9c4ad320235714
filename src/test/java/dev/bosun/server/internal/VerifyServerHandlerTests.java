package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.bosun.BosunProperties;
import dev.bosun.server.DbType;
import dev.bosun.server.HostKeyException;
import dev.bosun.server.HttpType;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.ServerFixtures;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration.DbSettings;
import dev.bosun.server.ServerRegistration.HttpSettings;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.server.ServerStatus;
import dev.bosun.server.ShellException;
import dev.bosun.task.TargetType;
import dev.bosun.test.AnsweringPort;
import dev.bosun.test.BosunTest;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;

/** The server verify task's steps, run through a recording task run against real servers. */
@BosunTest
@TestPropertySource(properties = {ServerFixtures.OWN_CONTEXT, ServerFixtures.NO_DISPATCH, ServerFixtures.SMALL_POOL})
@WithMockUser(username = "admin", roles = "ADMIN")
class VerifyServerHandlerTests {

    @Autowired
    VerifyServerHandler handler;
    @Autowired
    ServerService servers;
    @Autowired
    PanelKey panelKey;
    @Autowired
    BosunProperties properties;
    @Autowired
    JdbcClient jdbc;

    @BeforeEach
    @AfterEach
    void noMaster() {
        ServerFixtures.deleteMaster(jdbc);
    }

    @Test
    @RequiresProgram({"nginx", "php", "rsync", "mariadb-dump|mysqldump"})
    void verifiesTheMasterWithItsNginxAndMariaDb() throws Exception {
        Path vhostDir = properties.homeDir().resolve("config/master/nginx/vhost.d");
        Files.createDirectories(vhostDir);
        TestDatabases.Server mariadb = TestDatabases.mariadb();
        try (WebServerProcess nginx = WebServerProcess.nginx(vhostDir)) {
            ServerInfo master = servers.register(new ServerRegistration("master", "", null, "", true,
                    new HttpSettings(HttpType.NGINX, "", WebServerProcess.nginxCommand(nginx, "-t"),
                            WebServerProcess.nginxCommand(nginx, "-s", "reload"), nginx.port(), "127.0.0.1:9000"),
                    new DbSettings(DbType.MARIADB, "127.0.0.1", mariadb.port(), mariadb.username(), mariadb.password())));

            RecordingTaskRun run = verify(master);

            assertThat(run.status()).isEqualTo("SUCCESS");
            assertThat(run.steps()).containsExactly("Connect", "Check tools", "Check web service",
                    "Check database service", "Record");
            assertThat(run.messages("OK")).anySatisfy(line -> assertThat(line).startsWith("Master: commands run locally"))
                    .anySatisfy(line -> assertThat(line).startsWith("PHP: PHP 8"))
                    .anySatisfy(line -> assertThat(line).startsWith("nginx: nginx version: nginx/"))
                    .anySatisfy(line -> assertThat(line).startsWith("rsync: rsync"))
                    .anySatisfy(line -> assertThat(line).startsWith("MariaDB/MySQL dump: "))
                    .anySatisfy(line -> assertThat(line).startsWith("Can write to " + vhostDir))
                    .anySatisfy(line -> assertThat(line).startsWith("Reloaded nginx on master"))
                    .anySatisfy(line -> assertThat(line).contains("MariaDB").contains("as " + mariadb.username()))
                    .anySatisfy(line -> assertThat(line).isEqualTo("Server master is verified."));
            assertThat(servers.get(master.id()).status()).isEqualTo(ServerStatus.ENABLED);
            assertThat(servers.get(master.id()).verifiedAt()).isNotNull();
        }
    }

    @Test
    @RequiresProgram({"php", "rsync"})
    void verifiesARemoteServerOverSshAndPinsItsHostKey() throws Exception {
        Path hostKey = TestDatabases.temporaryFolder("bosun-host").resolve("host.key");
        try (MinaSshServer ssh = MinaSshServer.start(panelKey.authorizedKeysLine(), hostKey)) {
            ServerInfo web = servers.register(remote("web1", ssh.port(), vhostDir("web1")));

            RecordingTaskRun run = verify(web);

            assertThat(run.status()).isEqualTo("SUCCESS");
            assertThat(run.messages("OK")).anySatisfy(line -> assertThat(line)
                    .startsWith("Connected over SSH to root@127.0.0.1:" + ssh.port()));
            ServerInfo verified = servers.get(web.id());
            assertThat(verified.hostKey()).isNotBlank();
            assertThat(run.messages("INFO")).contains("Pinned the server's SSH host key "
                    + verified.hostKeyFingerprint() + "; a different key will be refused.");

            RecordingTaskRun again = verify(verified);
            assertThat(again.messages("INFO")).contains("The server's SSH host key matches the pinned one, "
                    + verified.hostKeyFingerprint() + ".");
        }
    }

    @Test
    void warnsWhatToInstallWhenToolsAreMissing() throws Exception {
        Path bin = TestDatabases.temporaryFolder("bosun-bin");
        for (String program : List.of("sh", "id", "uname", "mkdir", "rm")) {
            Files.createSymbolicLink(bin.resolve(program), Path.of("/bin", program).toRealPath());
        }
        Path hostKey = TestDatabases.temporaryFolder("bosun-host").resolve("host.key");
        try (MinaSshServer ssh = MinaSshServer.start(panelKey.authorizedKeysLine(), hostKey, 0,
                Map.of("PATH", bin.toString()))) {
            ServerInfo web = servers.register(remote("web2", ssh.port(), vhostDir("web2")));

            RecordingTaskRun run = verify(web);

            assertThat(run.status()).isEqualTo("WARNING");
            assertThat(run.messages("WARNING")).contains(
                    "PHP is not installed on web2: install it (Debian/Ubuntu: apt-get install php-cli php-fpm php-gd "
                            + "php-xml php-mbstring php-curl php-mysql php-pgsql).",
                    "rsync is not installed on web2: install it (Debian/Ubuntu: apt-get install rsync).");
            assertThat(servers.get(web.id()).status()).isEqualTo(ServerStatus.ENABLED);
        }
    }

    @Test
    void failsWhenTheServerShowsAnotherHostKey() throws Exception {
        Path keys = TestDatabases.temporaryFolder("bosun-host");
        ServerInfo web;
        int port;
        try (MinaSshServer ssh = MinaSshServer.start(panelKey.authorizedKeysLine(), keys.resolve("first.key"))) {
            port = ssh.port();
            web = servers.register(remote("web3", port, vhostDir("web3")));
            verify(web);
        }
        try (MinaSshServer impostor = MinaSshServer.start(panelKey.authorizedKeysLine(), keys.resolve("second.key"),
                port, Map.of())) {
            RecordingTaskRun run = new RecordingTaskRun(TargetType.SERVER, web.id(), "verify", Map.of());

            assertThatThrownBy(() -> handler.run(run)).isInstanceOf(HostKeyException.class);

            assertThat(run.status()).isEqualTo("ERROR");
            assertThat(run.messages("ERROR")).singleElement().asString().contains("has changed")
                    .contains(servers.get(web.id()).hostKeyFingerprint());
        }
    }

    @Test
    void failsWhenTheVhostDirectoryCannotBeWritten() throws Exception {
        Path hostKey = TestDatabases.temporaryFolder("bosun-host").resolve("host.key");
        try (MinaSshServer ssh = MinaSshServer.start(panelKey.authorizedKeysLine(), hostKey)) {
            ServerInfo web = servers.register(remote("web4", ssh.port(), "/proc/bosun/vhost.d"));
            RecordingTaskRun run = new RecordingTaskRun(TargetType.SERVER, web.id(), "verify", Map.of());

            assertThatThrownBy(() -> handler.run(run)).isInstanceOf(ShellException.class);

            assertThat(run.messages("ERROR")).singleElement().asString()
                    .startsWith("Cannot write to /proc/bosun/vhost.d on web4: create it and give the SSH user write access");
            assertThat(servers.get(web.id()).status()).isEqualTo(ServerStatus.QUEUED);
        }
    }

    private RecordingTaskRun verify(ServerInfo server) throws Exception {
        RecordingTaskRun run = new RecordingTaskRun(TargetType.SERVER, server.id(), "verify", Map.of());
        handler.run(run);
        return run;
    }

    /** A vhost folder in a temporary folder removed when the JVM ends. */
    private static String vhostDir(String name) throws java.io.IOException {
        return TestDatabases.temporaryFolder("bosun-" + name).resolve("vhost.d").toString();
    }

    private static ServerRegistration remote(String name, int port, String vhostDir) {
        return new ServerRegistration(name, "127.0.0.1", port, "root", false,
                new HttpSettings(HttpType.NGINX, vhostDir, "true", "true",
                        AnsweringPort.port(), "127.0.0.1:9000"), null);
    }
}
