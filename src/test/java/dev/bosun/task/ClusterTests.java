package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import dev.bosun.test.TestHandler;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Two panel nodes on one PostgreSQL database share the queue: exactly once, one per site, bounded per server. */
class ClusterTests {

    static final int SITES = 50;
    static final int TYPES = 40;
    static final int SERVERS = 5;
    static final int PER_SERVER_LIMIT = 2;

    final Tally tally = new Tally();

    @Test
    void twoNodesRunTwoThousandTasksExactlyOnceOnePerSiteAndWithinThePerServerLimit() throws Exception {
        try (Nodes nodes = new Nodes()) {
            ConfigurableApplicationContext a = nodes.start("node-a", List.of(tallyHandlers("node-a")), settings());
            nodes.start("node-b", List.of(tallyHandlers("node-b")), settings());
            TaskService tasks = a.getBean(TaskService.class);
            TransactionTemplate transactions = a.getBean(TransactionTemplate.class);

            List<Long> queued = new ArrayList<>();
            for (int type = 0; type < TYPES; type++) {
                int t = type;
                transactions.executeWithoutResult(tx -> {
                    for (long site = 1; site <= SITES; site++) {
                        queued.add(tasks.queue(TaskRequest.forSite("tally-" + t, site, site % SERVERS + 1, Map.of(),
                                "load")).task().id());
                    }
                });
            }

            JdbcClient jdbc = a.getBean(JdbcClient.class);
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> jdbc
                    .sql("SELECT count(*) FROM tasks WHERE status = 'SUCCESS'").query(Long.class).single() == 2000);

            assertThat(queued).hasSize(SITES * TYPES).doesNotHaveDuplicates();
            assertThat(tally.runs).hasSize(2000);
            assertThat(tally.runs.values()).as("every task ran exactly once").allMatch(count -> count.get() == 1);
            assertThat(tally.maxPerSite.get()).as("never two tasks at once for a site").isEqualTo(1);
            assertThat(tally.maxPerServer.get()).as("per-server limit").isBetween(1, PER_SERVER_LIMIT);
            assertThat(tally.nodes.keySet()).as("both nodes took work").containsExactlyInAnyOrder("node-a", "node-b");
            assertThat(jdbc.sql("SELECT count(*) FROM tasks WHERE attempt <> 1").query(Long.class).single()).isZero();
            Map<Long, List<Long>> startsPerSite = tally.starts.stream().collect(Collectors.groupingBy(
                    Start::site, Collectors.mapping(Start::task, Collectors.toList())));
            startsPerSite.values().forEach(order -> assertThat(order).as("FIFO per site").isSorted());
        }
    }

    @Test
    void aTaskOfANodeThatDiesMidStepEndsInterruptedWithItsUndosRunByTheLiveNode() throws Exception {
        try (Nodes nodes = new Nodes()) {
            ConfigurableApplicationContext doomed = nodes.start("node-doomed", List.of(), recoverySettings());
            long site = Targets.next();
            long id = doomed.getBean(TaskService.class)
                    .queue(TaskRequest.forSite("block", site, null, Map.of(), "alice")).task().id();
            await().atMost(Duration.ofSeconds(20)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));
            ConfigurableApplicationContext live = nodes.start("node-live", List.of(), recoverySettings());
            TaskQueries queries = live.getBean(TaskQueries.class);

            doomed.close();

            TaskDetails task = await().atMost(Duration.ofSeconds(30))
                    .until(() -> queries.find(id, null).orElseThrow(), t -> t.status().isFinished());
            assertThat(task.status()).isEqualTo(TaskStatus.ERROR);
            assertThat(task.outcome()).isEqualTo("interrupted");
            assertThat(task.node()).isEqualTo("node-live");
            assertThat(TestTaskHandlers.journal(site)).containsExactly("start", "waiting", "recover-undo prepare");
            assertThat(task.steps()).extracting(TaskStep::name, TaskStep::status).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("prepare", TaskStep.Status.UNDONE),
                    org.assertj.core.groups.Tuple.tuple("wait", TaskStep.Status.INTERRUPTED));
            assertThat(queries.log(id, 0, 100)).extracting(TaskLogLine::message).contains(
                    "Interrupted: node node-doomed stopped while step 'wait' was running.",
                    "Recovered prepare", "Undid: what prepare made (step 'prepare').");
            assertThat(live.getBean(JdbcClient.class).sql("SELECT count(*) FROM tasks WHERE status = 'PROCESSING'")
                    .query(Long.class).single()).as("nothing stays processing").isZero();
        }
    }

    @Test
    void aTaskClaimedByAVanishedNodeBeforeItsFirstStepIsRequeuedAndRunsOnce() throws Exception {
        try (Nodes nodes = new Nodes()) {
            ConfigurableApplicationContext live = nodes.start("node-live", List.of(), recoverySettings());
            JdbcClient jdbc = live.getBean(JdbcClient.class);
            long site = Targets.next();
            long id = jdbc.sql("""
                            INSERT INTO tasks (type, target_type, target_id, site_id, args, status, requested_by, attempt,
                                               lease_owner, lease_expires_at, started_at)
                            VALUES ('steps', 'SITE', :site, :site, '{"steps":["only"]}', 'PROCESSING', 'alice', 1,
                                    'node-gone', now() - interval '1 minute', now() - interval '2 minutes')
                            RETURNING id""").param("site", site).query(Long.class).single();
            TaskQueries queries = live.getBean(TaskQueries.class);

            TaskDetails task = await().atMost(Duration.ofSeconds(30))
                    .until(() -> queries.find(id, null).orElseThrow(), t -> t.status().isFinished());

            assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
            assertThat(task.attempt()).isEqualTo(2);
            assertThat(TestTaskHandlers.journal(site)).containsExactly("run only");
            assertThat(queries.log(id, 0, 100)).extracting(TaskLogLine::message).startsWith(
                    "Re-queued: node node-gone stopped before the task began its first step.");
        }
    }

    private String[] recoverySettings() {
        return new String[] {"bosun.tasks.lease=1500ms", "bosun.tasks.sweep-interval=500ms",
                "bosun.tasks.shutdown-grace=0s"};
    }

    private String[] settings() {
        return new String[] {"bosun.tasks.pool-size=4", "bosun.tasks.per-server-limit=" + PER_SERVER_LIMIT,
                "bosun.tasks.lease=5s", "bosun.tasks.sweep-interval=2s"};
    }

    private ApplicationContextInitializer<ConfigurableApplicationContext> tallyHandlers(String node) {
        return context -> {
            for (int type = 0; type < TYPES; type++) {
                String name = "tally-" + type;
                ((GenericApplicationContext) context).registerBean(name, TaskHandler.class,
                        () -> TestHandler.site(name, run -> tally.run(node, run)));
            }
        };
    }

    record Start(long site, long task) {
    }

    /** What the handlers saw: runs per task, and the most tasks at once per site and per server. */
    static final class Tally {
        final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> nodes = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> perSite = new ConcurrentHashMap<>();
        final Map<Long, AtomicInteger> perServer = new ConcurrentHashMap<>();
        final AtomicInteger maxPerSite = new AtomicInteger();
        final AtomicInteger maxPerServer = new AtomicInteger();
        final List<Start> starts = new CopyOnWriteArrayList<>();

        void run(String node, TaskRun run) throws Exception {
            long site = run.targetId();
            long server = site % SERVERS + 1;
            runs.computeIfAbsent(run.id(), id -> new AtomicInteger()).incrementAndGet();
            nodes.computeIfAbsent(node, n -> new AtomicInteger()).incrementAndGet();
            starts.add(new Start(site, run.id()));
            int onSite = perSite.computeIfAbsent(site, s -> new AtomicInteger()).incrementAndGet();
            int onServer = perServer.computeIfAbsent(server, s -> new AtomicInteger()).incrementAndGet();
            maxPerSite.accumulateAndGet(onSite, Math::max);
            maxPerServer.accumulateAndGet(onServer, Math::max);
            try {
                run.step("count", step -> step.info("counted on " + node));
            } finally {
                perSite.get(site).decrementAndGet();
                perServer.get(server).decrementAndGet();
            }
        }
    }
}
