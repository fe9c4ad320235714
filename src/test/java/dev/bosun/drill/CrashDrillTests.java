package dev.bosun.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.bosun.drill.CrashDrills.Drill;
import dev.bosun.test.RequiresProgram;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash drills: the panel runs in its own JVM on the demo fleet (embedded PostgreSQL, nginx, PHP-FPM, the
 * machine's MariaDB); site tasks are queued through the API with halts armed after their steps; the process
 * dies there; it is started again on the same home, and then no task is left PROCESSING, each site is in its old
 * or its new state and serves, nothing of a task is left behind, and the log says only what was done.
 *
 * <p>Every step of install, backup, restore, migrate and clone is drilled. The drills run in rounds (see
 * {@link CrashDrills#rounds}): the tasks of a round run side by side, two per type ({@code -Dbosun.drills.lanes}),
 * each on its own site and halted at its own step, and the process dies once all of them are there; the restart
 * recovers them all and is armed with the next round's halts. Backup, restore, migrate and clone work on the site
 * the drill of their lane before them left (a migrate goes back and forth between two platforms); an install
 * installs a new site. The panels after the first load their classes from a class data sharing archive the first
 * one wrote. {@code -Dbosun.drills.only=<type>[:<step>],...} runs a part of them.
 */
@RequiresProgram({"nginx", "php-fpm|php-fpm8.2|php-fpm8.3", "php"})
class CrashDrillTests {

    static final Path HOME = Path.of("target", "crash-drills", "home").toAbsolutePath();
    static final List<String> TIMINGS = new ArrayList<>();
    /** How many tasks of a type a round runs side by side ({@code -Dbosun.drills.lanes}). */
    static final int LANES = Integer.getInteger("bosun.drills.lanes", 2);
    /** Room for a round's tasks at once on the one server of the demo fleet. */
    static final String[] SIDE_BY_SIDE = {"--bosun.tasks.pool-size=" + (5 * LANES),
            "--bosun.tasks.per-server-limit=" + (5 * LANES)};

    private static final Pattern HALTED = Pattern.compile(
            "Halting at (.+?) \\(task (\\d+);");

    static DrillFleet fleet;
    static DrillFleet.Subjects subjects;
    static final Map<Drill, Result> RESULTS = new ConcurrentHashMap<>();

    /** What one drill saw: its task, the round's death and restart, its task's end and when its site served. */
    record Result(DrillSubject subject, int exitStatus, String output, Instant killed, Instant restarted,
                  Instant taskEnded, String taskStatus, Instant serving) {

        double seconds(Instant to) {
            return to == null ? Double.NaN : Duration.between(killed, to).toMillis() / 1000.0;
        }
    }

    @TestFactory
    Stream<DynamicTest> eachSiteTaskHaltedAfterEachStepRecoversOnRestart() {
        List<List<Drill>> rounds = CrashDrills.rounds(CrashDrills.chosen(), LANES);
        return IntStream.range(0, rounds.size()).boxed().flatMap(index -> {
            List<Drill> round = rounds.get(index);
            List<Drill> next = index + 1 < rounds.size() ? rounds.get(index + 1) : List.of();
            return Stream.concat(
                    Stream.of(dynamicTest("round " + (index + 1) + ": " + CrashDrills.haltAt(round),
                            () -> run(round, next))),
                    round.stream().map(drill -> dynamicTest(drill.toString(), () -> check(drill))));
        });
    }

    /** Queues the round's tasks, waits for the death, restarts armed for the next round and waits for the ends. */
    private void run(List<Drill> round, List<Drill> next) throws Exception {
        if (fleet == null) {
            fleet = new DrillFleet(DrillHomes.fresh(HOME));
            fleet.shareClassData();
            fleet.start(null, SIDE_BY_SIDE);
            fleet.awaitPlatformsEnabled();
            Map<String, Integer> lanes = new HashMap<>();
            CrashDrills.chosen().forEach(drill -> lanes.merge(drill.type(), 1, Integer::sum));
            lanes.replaceAll((type, drills) -> Math.min(drills, LANES));
            subjects = fleet.prepareSubjects(lanes);
            // A clean stop: it writes the class data archive the later starts load.
            fleet.panel().close();
            fleet.start(CrashDrills.haltAt(round), SIDE_BY_SIDE);
        } else if (!fleet.panel().isAlive()) {
            fleet.start(CrashDrills.haltAt(round), SIDE_BY_SIDE);
        }
        List<DrillSubject> queued = new ArrayList<>();
        int status;
        try {
            for (Drill drill : round) {
                int lane = (int) queued.stream().filter(earlier -> earlier.drill().type().equals(drill.type())).count();
                queued.add(fleet.queueOn(subjects, drill, lane));
            }
            status = fleet.panel().awaitExit(Duration.ofMinutes(5));
        } catch (Exception | AssertionError e) {
            fleet.panel().kill();
            fleet.start(CrashDrills.haltAt(next), SIDE_BY_SIDE);
            throw e;
        }
        Instant killed = Instant.now();
        String output = fleet.panel().output();
        fleet.start(CrashDrills.haltAt(next), SIDE_BY_SIDE);
        Instant restarted = Instant.now();
        // Each point stopped one task; with two tasks of a type, the output says which stopped where.
        Map<String, Long> haltedTasks = new HashMap<>();
        Matcher halted = HALTED.matcher(output);
        while (halted.find()) {
            haltedTasks.put(halted.group(1), Long.parseLong(halted.group(2)));
        }
        for (DrillSubject subject : queued) {
            String end = fleet.awaitEnd(subject.task(), Duration.ofMinutes(3));
            Instant ended = Instant.now();
            Instant serving;
            try {
                serving = subject.awaitServing(fleet);
            } catch (ConditionTimeoutException e) {
                serving = null;
            }
            for (Drill drill : round) {
                if (Long.valueOf(subject.task()).equals(haltedTasks.get(drill.haltAt()))) {
                    RESULTS.put(drill, new Result(new DrillSubject(drill, subject.site(), subject.task(),
                            subject.cloneDomain()), status, output, killed, restarted, ended, end, serving));
                }
            }
        }
        assertThat(status).as("the panel halted").isEqualTo(137);
        assertThat(haltedTasks.values()).as("each task of the round halted at a point")
                .containsExactlyInAnyOrderElementsOf(queued.stream().map(DrillSubject::task).toList());
    }

    private void check(Drill drill) throws Exception {
        Result result = RESULTS.get(drill);
        assertThat(result).as("a task of the round of " + drill + " halted at its step").isNotNull();
        DrillSubject subject = result.subject();

        assertThat(result.output()).as("the panel halted at the armed step").contains("Halting at " + drill.haltAt());
        assertThat(result.exitStatus()).isEqualTo(137);
        TIMINGS.add(String.format("%-50s restart %5.1f s, task ended %5.1f s, serving %5.1f s after the kill",
                drill, result.seconds(result.restarted()), result.seconds(result.taskEnded()),
                result.seconds(result.serving())));
        assertThat(result.taskStatus()).as("the task ended").isIn("SUCCESS", "WARNING", "ERROR");
        assertThat(fleet.db().sql("SELECT count(*) FROM tasks WHERE status = 'PROCESSING'").query(Long.class)
                .single()).as("no task left PROCESSING").isZero();
        subject.assertOldOrNewState(fleet);
        assertThat(fleet.problems()).as("after " + drill + ":\n" + String.join("\n", fleet.log(subject.task())))
                .isEmpty();
        assertThat(fleet.untruthfulLog(subject.task())).isEmpty();
    }

    @AfterAll
    static void stopAndReport() throws Exception {
        try {
            if (fleet != null) {
                fleet.close();
                fleet.dropRunDatabases();
            }
        } finally {
            fleet = null;
            subjects = null;
            RESULTS.clear();
            if (!TIMINGS.isEmpty()) {
                TIMINGS.forEach(System.out::println);
                Files.write(HOME.resolveSibling("timings.txt"), TIMINGS);
            }
        }
    }
}
