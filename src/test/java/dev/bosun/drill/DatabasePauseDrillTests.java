package dev.bosun.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.bosun.DatabaseUnreachable;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;

/**
 * The panel's own PostgreSQL paused (SIGSTOP on the postmaster and its children: it accepts connections and
 * answers nothing, as an overloaded or frozen server) while the panel is idle and while a task runs: health says
 * DOWN, the API answers 503 problem+json (never 401) to valid credentials, and once the database is resumed
 * the panel is UP again and the task ends instead of staying PROCESSING.
 */
@RequiresProgram({"nginx", "php-fpm|php-fpm8.2|php-fpm8.3", "php"})
class DatabasePauseDrillTests {

    static final Path HOME = Path.of("target", "crash-drills", "db-pause").toAbsolutePath();

    @Test
    void whilePausedHealthIsDownAndTheApiAnswers503AndARunningTaskEndsOnceItIsBack() throws Exception {
        try (DrillFleet fleet = new DrillFleet(DrillHomes.fresh(HOME))) {
            // A short lease: the pause outlasts it, so the node must keep its own running task, not recover it.
            fleet.start(null, "--bosun.tasks.lease=3s");
            fleet.awaitPlatformsEnabled();
            long site = fleet.createSite("example-base");
            long install = fleet.db().sql("SELECT max(id) FROM tasks WHERE site_id = :s").param("s", site)
                    .query(Long.class).single();
            assertThat(fleet.awaitEnd(install, Duration.ofMinutes(3))).isIn("SUCCESS", "WARNING");
            long backup = fleet.queue(site, "backup", Map.of("description", "before the pause"));
            assertThat(fleet.awaitEnd(backup, Duration.ofMinutes(3))).isIn("SUCCESS", "WARNING");

            List<Long> paused = pause(fleet);
            try {
                unreachableWhilePaused(fleet, "idle");
            } finally {
                resume(paused);
            }
            awaitUp(fleet);

            long backupId = fleet.db().sql("SELECT max(id) FROM backups WHERE site_id = :s").param("s", site)
                    .query(Long.class).single();
            long restore = fleet.queue(site, "restore", Map.of("backupId", backupId));
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> fleet.taskStatus(restore), status -> !status.equals("QUEUED"));
            paused = pause(fleet);
            try {
                unreachableWhilePaused(fleet, "during a task");
            } finally {
                resume(paused);
            }
            awaitUp(fleet);

            assertThat(fleet.awaitEnd(restore, Duration.ofMinutes(3))).as(String.join("\n", fleet.log(restore)))
                    .isIn("SUCCESS", "WARNING", "ERROR");
            assertThat(fleet.db().sql("SELECT count(*) FROM tasks WHERE status = 'PROCESSING'").query(Long.class)
                    .single()).isZero();
            assertThat(fleet.log(restore)).as("the node kept its own task").noneMatch(line -> line.contains("Interrupted"));
            assertThat(fleet.problems()).isEmpty();
            fleet.dropRunDatabases();
        }
    }

    private static void unreachableWhilePaused(DrillFleet fleet, String when) throws Exception {
        Instant pausedAt = Instant.now();
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            HttpResponse<String> health = fleet.health();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("DOWN");
        });
        System.out.printf("Database paused %s: health DOWN after %.1f s%n", when,
                Duration.between(pausedAt, Instant.now()).toMillis() / 1000.0);
        for (int attempt = 0; attempt < 6; attempt++) {
            HttpResponse<String> response = fleet.apiGet("/api/v1/sites");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Content-Type")).get().asString()
                    .startsWith("application/problem+json");
            assertThat(response.body()).contains(DatabaseUnreachable.TITLE);
        }
    }

    private static void awaitUp(DrillFleet fleet) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                .until(() -> fleet.apiGet("/api/v1/sites").statusCode() == 200 && fleet.health().statusCode() == 200);
    }

    /** SIGSTOP to the postmaster and every process under it; the pids, to resume. */
    private static List<Long> pause(DrillFleet fleet) throws Exception {
        long postmaster = fleet.postgresPid();
        List<Long> pids = new ArrayList<>();
        pids.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(child -> pids.add(child.pid()));
        signal("-STOP", pids);
        return pids;
    }

    private static void resume(List<Long> pids) throws Exception {
        signal("-CONT", pids);
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", signal));
        pids.forEach(pid -> command.add(Long.toString(pid)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}
