package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.task.internal.Dispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A panel restarted on the host where its earlier process died takes over that process's tasks when it starts,
 * without waiting for their lease, and leaves alone those of another panel process on the same host that runs.
 */
class RecoveryOnStartTests {

    private static final Pattern GENERATED = Pattern.compile("(.+)-(\\d+)-([0-9a-f]{8})-([0-9a-f]{6})");

    @Test
    void theTasksOfAnEndedPanelProcessOnThisHostAreRecoveredAtStartAndThoseOfALiveOneAreNot() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        assertThat(ended.waitFor(30, TimeUnit.SECONDS)).isTrue();
        Process live = new ProcessBuilder("sleep", "600").start();
        try (Nodes nodes = new Nodes()) {
            ConfigurableApplicationContext probe = nodes.start("generated-probe", List.of(), slowSweeps());
            Matcher name = GENERATED.matcher(probe.getBean(Dispatcher.class).node());
            assertThat(name.matches()).as(probe.getBean(Dispatcher.class).node()).isTrue();
            JdbcClient jdbc = nodes.jdbc();
            probe.close();
            String deadOwner = name.group(1) + "-" + ended.pid() + "-" + name.group(3) + "-dead00";
            String liveOwner = name.group(1) + "-" + live.pid() + "-" + name.group(3) + "-11fe00";
            long orphaned = claimedMidStep(jdbc, deadOwner);
            long held = claimedMidStep(jdbc, liveOwner);

            ConfigurableApplicationContext restarted = nodes.start("generated-restarted", List.of(), slowSweeps());
            TaskQueries queries = restarted.getBean(TaskQueries.class);

            TaskDetails recovered = await().atMost(Duration.ofSeconds(60))
                    .until(() -> queries.find(orphaned, null).orElseThrow(), t -> t.status().isFinished());
            assertThat(recovered.status()).isEqualTo(TaskStatus.ERROR);
            assertThat(recovered.outcome()).isEqualTo("interrupted");
            assertThat(recovered.node()).isEqualTo(restarted.getBean(Dispatcher.class).node());
            assertThat(queries.log(orphaned, 0, 100)).extracting(TaskLogLine::message)
                    .contains("Interrupted: node " + deadOwner + " stopped while step 'one' was running.");
            TaskDetails untouched = queries.find(held, null).orElseThrow();
            assertThat(untouched.status()).isEqualTo(TaskStatus.PROCESSING);
            assertThat(untouched.node()).isEqualTo(liveOwner);
        } finally {
            live.destroyForcibly();
        }
    }

    /** A task held an hour more by {@code owner}, its first step running. */
    private static long claimedMidStep(JdbcClient jdbc, String owner) {
        long site = Targets.next();
        long id = jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, site_id, args, status, requested_by, attempt,
                                           lease_owner, lease_expires_at, started_at, current_step)
                        VALUES ('steps', 'SITE', :site, :site, '{"steps":["one"]}', 'PROCESSING', 'alice', 1,
                                :owner, now() + interval '1 hour', now(), 'one')
                        RETURNING id""").param("site", site).param("owner", owner).query(Long.class).single();
        jdbc.sql("""
                INSERT INTO task_steps (task_id, seq, name, status, started_at)
                VALUES (:id, 1, 'one', 'RUNNING', now())""").param("id", id).update();
        return id;
    }

    /** Leases and sweeps of an hour: only the look at start-up can take a task over in this test. */
    private static String[] slowSweeps() {
        return new String[] {"bosun.tasks.lease=1h", "bosun.tasks.sweep-interval=1h"};
    }
}
