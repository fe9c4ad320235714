package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.Predicate;

import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.TestFleet;
import dev.bosun.test.TestFleet.DbServer;
import dev.bosun.test.TestFleet.HttpAnswer;
import dev.bosun.test.TestFleet.WebServer;

/**
 * What tests on a {@link TestFleet} share: the fleet's servers and platforms registered and verified once per
 * context, and asking a web server of the fleet for a site's page.
 */
abstract class FleetSites extends MovingSites {

    private static final Duration SERVING = Duration.ofSeconds(20);

    /** The test class's fleet (its {@code @RegisterExtension static} field). */
    protected abstract TestFleet fleet();


    /** The fleet's web server {@code number}, registered once per context and verified. */
    protected ServerInfo fleetWeb(int number) {
        WebServer web = fleet().web(number);
        String name = "fleet-" + web.user();
        ServerInfo server = servers.list().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> servers.register(web.registration(name)));
        return verified(server);
    }

    /** The db service of one of the fleet's database servers, registered once per context and verified. */
    protected long fleetDb(DbServer db) {
        String name = "fleet-" + db.name() + "-" + db.port();
        ServerInfo server = servers.list().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseGet(() -> servers.register(db.registration(name)));
        return verified(server).db().id();
    }

    private ServerInfo verified(ServerInfo server) {
        await().atMost(TASK_TIMEOUT).until(() -> servers.get(server.id()).status() == ServerStatus.ENABLED
                || lastVerifyFailed(server.id()));
        assertThat(servers.get(server.id()).status()).as(() -> "verify of " + server.name() + ": "
                + servers.latestTasks(server.id(), 1).stream().map(this::log).findFirst().orElse("no task"))
                .isEqualTo(ServerStatus.ENABLED);
        return servers.get(server.id());
    }

    private boolean lastVerifyFailed(long serverId) {
        return servers.latestTasks(serverId, 1).stream().anyMatch(task -> task.status() == TaskStatus.ERROR);
    }

    /** A platform on the fleet's web server {@code number}: its copy of an example platform, registered and verified. */
    protected long fleetPlatform(int number, String example) {
        ServerInfo server = fleetWeb(number);
        Path root = fleet().web(number).platform(example);
        String name = example + " on web" + number;
        return platforms.list().stream().filter(p -> p.name().equals(name)).findFirst().map(p -> p.id())
                .orElseGet(() -> {
                    long id = platforms.register(new PlatformForm(name, server.id(), root.toString(), null, null),
                            "admin").platform().id();
                    await().atMost(TASK_TIMEOUT).until(() -> platforms.get(id).status() != PlatformStatus.QUEUED
                            || platforms.recentTasks(id, 1).stream().anyMatch(t -> t.status().isFinished()));
                    assertThat(platforms.get(id).status()).as(() -> "platform verify: "
                            + platforms.recentTasks(id, 1).stream().map(this::log).findFirst().orElse(""))
                            .isEqualTo(PlatformStatus.ENABLED);
                    return id;
                });
    }

    /** The octal modes of a site directory and its settings.php, e.g. "555 444". */
    protected static String modes(Path directory) throws Exception {
        return TestFleet.mode(directory) + " " + TestFleet.mode(directory.resolve("settings.php"));
    }

    protected TaskSummary lastTask(long siteId, String type) {
        return siteTasks.history(siteId, 0).items().stream().filter(t -> t.type().equals(type)).findFirst()
                .orElseThrow();
    }

    /** The web server's answer for the domain once it is {@code 200}. */
    protected static HttpAnswer serving(WebServer web, String domain) {
        return answer(web, domain, answer -> answer.status() == 200);
    }

    /** nginx reloads asynchronously: the old workers may answer a moment longer. */
    protected static HttpAnswer answer(WebServer web, String domain, Predicate<HttpAnswer> condition) {
        return await().atMost(SERVING).until(() -> web.get(domain, "/"), condition);
    }

    /** Drupal's installer leaves the site directory 0555 and settings.php 0444. */
    protected static void hardenAsDrupalDoes(Path siteDirectory) throws Exception {
        Files.setPosixFilePermissions(siteDirectory.resolve("settings.php"), PosixFilePermissions.fromString("r--r--r--"));
        Files.setPosixFilePermissions(siteDirectory, PosixFilePermissions.fromString("r-xr-xr-x"));
    }

    protected static String owner(Path path) throws Exception {
        return Files.getOwner(path).getName();
    }

    protected String failedLog(TaskSummary task) {
        assertThat(task.status()).as(log(task)).isEqualTo(TaskStatus.ERROR);
        return log(task);
    }
}
