package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.loadAverage;

import static dev.bosun.bench.BenchArgs.option;
import static dev.bosun.bench.BenchArgs.percentile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.bosun.BosunApplication;
import dev.bosun.task.TaskFinished;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TestHandler;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * {@code bench/run dispatch [--samples=N] [--tasks=N] [--pool-size=N]}: on a fresh database of
 * the machine's PostgreSQL, measures the time from the commit of {@code queue()} to the task
 * running (one task at a time, so nothing waits for a free slot), then how many no-op tasks
 * writing five log lines each the dispatcher finishes per second from a full queue.
 */
public final class DispatchBenchmark {

    private static final int WARM_UP = 100;

    static final Map<Long, Long> STARTED_AT = new ConcurrentHashMap<>();
    static final Map<Long, CountDownLatch> STARTED = new ConcurrentHashMap<>();
    static final AtomicReference<CountDownLatch> FINISHED = new AtomicReference<>(new CountDownLatch(0));

    private DispatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int samples = option(args, "samples", 500);
        int tasks = option(args, "tasks", 5000);
        int poolSize = option(args, "pool-size", 4);
        TestDatabases.Server server = TestDatabases.machinePostgres().orElseThrow(() -> new IllegalStateException(
                "The machine's PostgreSQL (BOSUN_TEST_PG_URL, default 127.0.0.1:5432) does not answer"));
        TestDatabases.Database database = TestDatabases.newPostgresDatabase();
        try (ConfigurableApplicationContext context = start(database, poolSize)) {
            String load = loadAverage();
            double[] latencies = latencies(context.getBean(TaskService.class), samples);
            JdbcClient jdbc = context.getBean(JdbcClient.class);
            List<Long> backends = jdbc.sql("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
                    .query(Long.class).list();
            long cpuBefore = processCpuNanos() + backendCpuNanos(backends);
            double throughput = throughput(jdbc, tasks);
            double cpuPerTask = (processCpuNanos() + backendCpuNanos(backends) - cpuBefore) / 1e6 / tasks;
            System.out.printf("dispatch_p50_ms=%.1f%n", percentile(latencies, 50));
            System.out.printf("dispatch_p99_ms=%.1f%n", percentile(latencies, 99));
            System.out.printf("throughput_tasks_per_s=%.0f%n", throughput);
            System.out.printf("cpu_ms_per_task=%.2f%n", cpuPerTask);
            System.out.printf("cpu_bound_tasks_per_s_on_2_cores=%.0f%n", 2000 / cpuPerTask);
            System.out.printf("load_average_at_start=%s%n", load);
            System.out.printf("samples=%d%ntasks=%d%npool_size=%d%n", samples, tasks, poolSize);
        } finally {
            TestDatabases.execute(server, "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
        }
        System.exit(0);
    }

    private static ConfigurableApplicationContext start(TestDatabases.Database database, int poolSize) throws Exception {
        return new SpringApplicationBuilder(BosunApplication.class, BenchHandlers.class).run(
                "--spring.datasource.url=" + database.url(),
                "--spring.datasource.username=" + database.server().username(),
                "--spring.datasource.password=" + database.server().password(),
                "--bosun.home=" + java.nio.file.Files.createTempDirectory("bosun-bench"),
                "--bosun.admin.password=bench-password",
                "--bosun.tasks.pool-size=" + poolSize,
                "--spring.datasource.hikari.maximum-pool-size=" + (poolSize + 8),
                "--server.port=0", "--spring.main.banner-mode=off", "--logging.pattern.console=");
    }

    /** Milliseconds from queue() returning (committed) to the handler running, one task at a time. */
    private static double[] latencies(TaskService tasks, int samples) throws InterruptedException {
        List<Double> measured = new ArrayList<>();
        for (int i = 0; i < WARM_UP + samples; i++) {
            long site = 1_000_000L + i;
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch finished = new CountDownLatch(1);
            STARTED.put(site, started);
            FINISHED.set(finished);
            tasks.queue(TaskRequest.forSite("bench-noop", site, null, Map.of(), "bench"));
            long committedAt = System.nanoTime();
            if (!started.await(10, TimeUnit.SECONDS) || !finished.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The task of site " + site + " did not run within 10 s");
            }
            if (i >= WARM_UP) {
                measured.add((STARTED_AT.get(site) - committedAt) / 1e6);
            }
        }
        return measured.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }

    /**
     * Tasks per second, from inserting a full queue in one transaction (tasks spread over 500
     * sites, so the one-per-site rule applies) to the last task's recorded end.
     */
    private static double throughput(JdbcClient jdbc, int tasks) throws InterruptedException {
        CountDownLatch finished = new CountDownLatch(tasks);
        FINISHED.set(finished);
        long start = System.nanoTime();
        jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, site_id, args, requested_by, created_at)
                        SELECT 'bench-noop', 'SITE', 3000000 + n, 2000000 + n % 500, '{}', 'bench',
                               clock_timestamp()
                        FROM generate_series(1, :tasks) AS n""")
                .param("tasks", tasks).update();
        jdbc.sql("SELECT pg_notify('bosun_tasks', '')").query().listOfRows();
        if (!finished.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException(finished.getCount() + " tasks did not finish in 10 minutes");
        }
        return tasks / ((System.nanoTime() - start) / 1e9);
    }

    /** CPU time of this JVM (panel and benchmark driver). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the PostgreSQL backends serving the benchmark's database (same machine, from /proc). */
    private static long backendCpuNanos(List<Long> pids) {
        long ticks = 0;
        for (long pid : pids) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid + "", "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (java.io.IOException | RuntimeException e) {
                // a backend that ended or is not on this machine: not counted
            }
        }
        return ticks * 10_000_000L;
    }

    /** The benchmark's task: one step writing five lines. */
    @Configuration(proxyBeanMethods = false)
    static class BenchHandlers {

        @Bean
        TaskHandler benchNoop() {
            return TestHandler.site("bench-noop", run -> {
                long now = System.nanoTime();
                CountDownLatch started = STARTED.remove(run.targetId());
                if (started != null) {
                    STARTED_AT.put(run.targetId(), now);
                    started.countDown();
                }
                run.step("work", step -> {
                    for (int i = 1; i <= 5; i++) {
                        step.output("line " + i);
                    }
                });
            });
        }

        @Bean
        Listener benchListener() {
            return new Listener();
        }

        static class Listener {
            @TransactionalEventListener
            void on(TaskFinished event) {
                FINISHED.get().countDown();
            }
        }
    }
}
