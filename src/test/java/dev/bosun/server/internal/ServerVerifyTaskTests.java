package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bosun.server.HttpType;
import dev.bosun.server.ServerFixtures;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration.HttpSettings;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.server.ServerStatus;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskRun;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.AnsweringPort;
import dev.bosun.test.BosunTest;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TestHandler;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.TestPropertySource;

/**
 * The server verify task end to end: registered, queued, claimed and run by the dispatcher, logged. The context
 * also holds a task handler of another kind that uses the server service, as the site module's handlers do.
 */
@BosunTest
@Import(ServerVerifyTaskTests.Handlers.class)
@TestPropertySource(properties = {"bosun.test.context=server-tasks", ServerFixtures.SMALL_POOL})
@WithMockUser(username = "admin", roles = "ADMIN")
class ServerVerifyTaskTests {

    @Autowired
    ServerService servers;
    @Autowired
    TaskQueries tasks;
    @Autowired
    PanelKey panelKey;

    @Test
    @RequiresProgram({"php", "rsync", "nginx"})
    void registeringAServerVerifiesItThroughTheDispatcher() throws Exception {
        try (MinaSshServer ssh = MinaSshServer.start(panelKey.authorizedKeysLine(), hostKeyFile())) {
            ServerInfo web = servers.register(remote("web-e2e", ssh.port()));

            TaskStatus status = awaitEnd(servers.latestTasks(web.id(), 1).get(0).id());

            assertThat(status).isEqualTo(TaskStatus.SUCCESS);
            ServerInfo verified = servers.get(web.id());
            assertThat(verified.status()).isEqualTo(ServerStatus.ENABLED);
            assertThat(messages(servers.latestTasks(web.id(), 1).get(0).id())).contains(
                    "Pinned the server's SSH host key " + verified.hostKeyFingerprint() + "; a different key will be refused.",
                    "$ true", "Reloaded nginx on web-e2e", "Server web-e2e is verified.")
                    .anySatisfy(line -> assertThat(line).startsWith("Connected over SSH to root@127.0.0.1:" + ssh.port()))
                    .anySatisfy(line -> assertThat(line).startsWith("PHP: PHP 8"));
        }
    }

    @Test
    void missingToolsEndTheVerifyInWarningWithWhatToInstall() throws Exception {
        Path bin = TestDatabases.temporaryFolder("bosun-bin");
        for (String program : List.of("sh", "id", "uname", "mkdir", "rm")) {
            Files.createSymbolicLink(bin.resolve(program), Path.of("/bin", program).toRealPath());
        }
        try (MinaSshServer ssh = MinaSshServer.start(panelKey.authorizedKeysLine(), hostKeyFile(), 0,
                Map.of("PATH", bin.toString()))) {
            ServerInfo web = servers.register(remote("web-bare", ssh.port()));
            long taskId = servers.latestTasks(web.id(), 1).get(0).id();

            assertThat(awaitEnd(taskId)).isEqualTo(TaskStatus.WARNING);
            assertThat(messages(taskId)).contains(
                    "rsync is not installed on web-bare: install it (Debian/Ubuntu: apt-get install rsync).");
        }
    }

    @Test
    void aServerThatCannotBeReachedEndsTheVerifyInError() throws Exception {
        ServerInfo web = servers.register(remote("web-down", OpenSshServer.freePort()));
        long taskId = servers.latestTasks(web.id(), 1).get(0).id();

        assertThat(awaitEnd(taskId)).isEqualTo(TaskStatus.ERROR);
        assertThat(messages(taskId)).anySatisfy(line -> assertThat(line)
                .contains("Cannot connect to server web-down (root@127.0.0.1:").endsWith("): Connection refused"));
        assertThat(servers.get(web.id()).status()).isEqualTo(ServerStatus.QUEUED);
    }

    @Test
    void taskHandlersMayDependOnTheServerService(@Autowired Handlers handlers) {
        assertThat(handlers.servers).isNotNull();
    }

    private TaskStatus awaitEnd(long taskId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> tasks.status(taskId).orElseThrow(), TaskStatus::isFinished);
    }

    private List<String> messages(long taskId) {
        return tasks.log(taskId, 0, 1000).stream().map(TaskLogLine::message).toList();
    }

    private static Path hostKeyFile() throws Exception {
        return TestDatabases.temporaryFolder("bosun-host").resolve("host.key");
    }

    /** A web server on this machine's sshd, its vhost folder in a temporary folder removed when the JVM ends. */
    private static ServerRegistration remote(String name, int port) {
        String vhostDir;
        try {
            vhostDir = TestDatabases.temporaryFolder("bosun-" + name).resolve("vhost.d").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ServerRegistration(name, "127.0.0.1", port, "root", false,
                new HttpSettings(HttpType.NGINX, vhostDir, "true", "true",
                        AnsweringPort.port(), "127.0.0.1:9000"),
                null);
    }

    /** A handler that needs the server service, which needs the task service, which needs every handler. */
    @TestConfiguration
    static class Handlers {

        @Autowired
        ServerService servers;

        @Bean
        TaskHandler siteLikeHandler(ServerService servers) {
            return TestHandler.site("uses-servers", run -> run.log().info(servers.list().size() + " servers"));
        }
    }
}
