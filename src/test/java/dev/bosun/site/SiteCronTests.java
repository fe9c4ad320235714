package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

import dev.bosun.account.ClientScope;
import dev.bosun.platform.Platform;
import dev.bosun.server.DbType;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.BosunTest;
import dev.bosun.test.ExampleSite;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Sites' cron for real: the example platforms' drush runs core:cron on sites the panel installed,
 * on the scheduler's own clock (a tick of a second in tests, intervals of a second).
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})
class SiteCronTests extends RunningMaster {

    static final Duration WAIT = Duration.ofMinutes(2);

    @Autowired
    SiteCronService cron;

    @LocalServerPort
    int port;

    @Test
    void cronRunsOnScheduleWithTheExampleDrushAndKeepsTheLastRuns() throws Exception {
        long siteId = installedSite("cron-run", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long before = Instant.now().getEpochSecond();

        cron.setInterval(siteId, 1, ClientScope.ALL);

        CronRun run = await().atMost(WAIT).until(() -> lastRun(siteId), r -> r != null && r.result() == CronResult.SUCCESS);
        assertThat(run.exitCode()).isZero();
        assertThat(Long.parseLong(drush(siteId, "state:get", "system.cron_last").strip()))
                .as("drush core:cron recorded its run in the site's state").isGreaterThanOrEqualTo(before);

        long oldest = await().atMost(WAIT).until(() -> cron.forSite(siteId, ClientScope.ALL).runs(),
                runs -> runs.size() == SiteCronService.KEPT_RUNS).get(SiteCronService.KEPT_RUNS - 1).id();
        List<CronRun> kept = await().atMost(WAIT).until(() -> cron.forSite(siteId, ClientScope.ALL).runs(),
                runs -> runs.get(runs.size() - 1).id() > oldest && runs.get(0).finishedAt() != null);
        assertThat(kept).as("only the last runs are kept").hasSizeLessThanOrEqualTo(SiteCronService.KEPT_RUNS)
                .allSatisfy(r -> assertThat(r.siteId()).isEqualTo(siteId));

        String api = get("/api/v1/sites/" + siteId + "/cron");
        assertThat(api).contains("\"intervalSeconds\":1").contains("\"result\":\"SUCCESS\"").contains("\"durationMillis\"");

        cron.setInterval(siteId, 0, ClientScope.ALL);
        assertThat(cron.forSite(siteId, ClientScope.ALL).enabled()).isFalse();
    }

    @Test
    void withOneRunPerServerTheRunsOfTwoSitesNeverOverlap() {
        long platform = examplePlatform("example-base");
        long first = installedSite("cron-one", platform, dbService(DbType.MARIADB));
        long second = installedSite("cron-two", platform, dbService(DbType.MARIADB));
        CronSettings saved = cron.settings();
        cron.updateSettings(new CronSettings(saved.defaultIntervalSeconds(), 1));
        try {
            cron.setInterval(first, 1, ClientScope.ALL);
            cron.setInterval(second, 1, ClientScope.ALL);
            await().atMost(WAIT).until(() -> finishedRuns(first) >= 3 && finishedRuns(second) >= 3);
        } finally {
            cron.setInterval(first, 0, ClientScope.ALL);
            cron.setInterval(second, 0, ClientScope.ALL);
            cron.updateSettings(saved);
        }
        List<RunTimes> runs = runTimes(first, second);
        for (int i = 1; i < runs.size(); i++) {
            assertThat(runs.get(i).startedAt()).as("run %d starts after run %d ended: %s", i, i - 1, runs)
                    .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
        }
        assertThat(runs).extracting(RunTimes::siteId).contains(first, second);
    }

    @Test
    void cronWaitsWhileATaskChangesTheSiteAndRunsAgainAfter() {
        long siteId = installedSite("cron-pause", examplePlatform("example-base"), dbService(DbType.MARIADB));
        cron.setInterval(siteId, 1, ClientScope.ALL);
        await().atMost(WAIT).until(() -> finishedRuns(siteId) >= 1);

        TaskSummary verify = queue(siteId, SiteTaskType.VERIFY);
        Instant taskEnded = verify.finishedAt();
        await().atMost(WAIT).until(() -> runTimes(siteId).stream().anyMatch(run -> run.startedAt().isAfter(taskEnded)));
        cron.setInterval(siteId, 0, ClientScope.ALL);

        assertThat(runTimes(siteId)).as("no run started while the verify was running")
                .noneMatch(run -> !run.startedAt().isBefore(verify.startedAt()) && run.startedAt().isBefore(taskEnded));
    }

    @Test
    void theThirdFailureInARowPutsTheSiteOnTheFailingList() throws Exception {
        long siteId = installedSite("cron-fail", examplePlatform("example-base"), dbService(DbType.MARIADB));
        Path settings = siteDirectory(siteId).resolve("settings.php");
        Path aside = siteDirectory(siteId).resolve("settings.php.aside");
        siteDirectory(siteId).toFile().setWritable(true, true);
        Files.move(settings, aside);
        try {
            cron.setInterval(siteId, 1, ClientScope.ALL);
            SiteCron twice = await().atMost(WAIT).until(() -> cron.forSite(siteId, ClientScope.ALL),
                    c -> c.consecutiveFailures() == 2);
            assertThat(twice.failing()).isFalse();
            assertThat(cron.failing(ClientScope.ALL)).noneMatch(f -> f.siteId() == siteId);

            SiteCron failing = await().atMost(WAIT).until(() -> cron.forSite(siteId, ClientScope.ALL),
                    c -> c.consecutiveFailures() >= 3);
            assertThat(failing.failing()).isTrue();
            assertThat(failing.runs()).filteredOn(r -> r.finishedAt() != null).first()
                    .satisfies(r -> assertThat(r.result()).isEqualTo(CronResult.ERROR))
                    .satisfies(r -> assertThat(r.exitCode()).isNotZero());
            assertThat(cron.failing(ClientScope.ALL)).anyMatch(f -> f.siteId() == siteId);
        } finally {
            Files.move(aside, settings);
        }
        await().atMost(WAIT).until(() -> cron.forSite(siteId, ClientScope.ALL).consecutiveFailures() == 0);
        cron.setInterval(siteId, 0, ClientScope.ALL);
        assertThat(cron.failing(ClientScope.ALL)).noneMatch(f -> f.siteId() == siteId);
    }

    @Test
    void anIntervalOutOfRangeIsRefusedWithItsField() throws Exception {
        long siteId = installedSite("cron-api", examplePlatform("example-base"), dbService(DbType.MARIADB));
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/sites/" + siteId + "/cron"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"intervalSeconds\": -5}")));
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.body()).contains("intervalSeconds").contains("The cron interval must be 0 (off)");

        response = send(HttpRequest.newBuilder(URI.create(base() + "/api/v1/sites/" + siteId + "/cron"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"intervalSeconds\": 900}")));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"effectiveIntervalSeconds\":900");
    }

    private CronRun lastRun(long siteId) {
        return cron.lastRuns(List.of(siteId)).get(siteId);
    }

    private long finishedRuns(long siteId) {
        return runTimes(siteId).size();
    }

    record RunTimes(long siteId, Instant startedAt, Instant finishedAt) {
    }

    /** The finished runs of these sites as recorded, in the order they started. */
    private List<RunTimes> runTimes(Long... siteIds) {
        return jdbc.sql("SELECT site_id, started_at, finished_at FROM site_cron_runs"
                        + " WHERE site_id IN (:ids) AND finished_at IS NOT NULL")
                .param("ids", List.of(siteIds))
                .query((rs, n) -> new RunTimes(rs.getLong(1), rs.getTimestamp(2).toInstant(),
                        rs.getTimestamp(3).toInstant()))
                .list().stream().sorted(Comparator.comparing(RunTimes::startedAt)).toList();
    }

    private String drush(long siteId, String... command) throws Exception {
        SiteSummary site = site(siteId);
        Platform platform = platforms.get(site.platformId());
        List<String> args = new java.util.ArrayList<>(List.of(platform.drushExecutable(),
                "--root=" + platform.docrootPath(), "--uri=http://" + site.domain()));
        args.addAll(List.of(command));
        ExampleSite.Result result = ExampleSite.run(args);
        assertThat(result.exit()).as(result.stderr()).isZero();
        return result.stdout();
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private String get(String path) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base() + path)).GET());
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String credentials = Base64.getEncoder().encodeToString(("admin:" + BosunTest.ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(request.header("Authorization", "Basic " + credentials).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
