package dev.bosun.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.bosun.drill.CrashDrills.Drill;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Crash drills: the panel runs in its own JVM on the demo fleet (embedded PostgreSQL, nginx, PHP-FPM, the
 * machine's MariaDB); a site task is queued through the API with a halt armed after one of its steps; the process
 * dies there; it is started again on the same home, and then no task is left PROCESSING, the site is in its old
 * or its new state and serves, nothing of the task is left behind, and the log says only what was done. Each
 * restart is also the run of the next drill (it is started with the next drill's halt armed), so the drills
 * cost one start each. By default the drills of {@link CrashDrills#DEFAULT} run; {@code -Dbosun.drills.every-step=true}
 * runs one after every step of every task, {@code -Dbosun.drills.only=<type>[:<step>]} a part of them.
 */
@RequiresProgram({"nginx", "php-fpm|php-fpm8.2|php-fpm8.3", "php"})
class CrashDrillTests {

    static final Path HOME = Path.of("target", "crash-drills", "home").toAbsolutePath();
    static final List<String> TIMINGS = new ArrayList<>();

    static DrillFleet fleet;

    @TestFactory
    Stream<DynamicTest> eachSiteTaskHaltedAfterEachStepRecoversOnRestart() throws Exception {
        List<Drill> run = (System.getProperty("bosun.drills.only", "").isBlank() ? CrashDrills.chosen()
                : CrashDrills.all()).stream().filter(CrashDrillTests::selected).toList();
        return run.stream().map(drill -> dynamicTest(drill.toString(), () -> {
            int index = run.indexOf(drill);
            if (fleet == null) {
                fleet = new DrillFleet(DrillHomes.fresh(HOME));
                fleet.start(drill.haltAt());
                fleet.awaitPlatformsEnabled();
            }
            drill(drill, index + 1 < run.size() ? run.get(index + 1) : null);
        }));
    }

    private void drill(Drill drill, Drill next) throws Exception {
        if (!fleet.panel().isAlive()) {
            fleet.start(drill.haltAt());
        }
        DrillSubject subject;
        try {
            subject = fleet.prepareAndQueue(drill);
        } catch (Exception | AssertionError e) {
            fleet.panel().kill();
            fleet.start(next == null ? null : next.haltAt());
            throw e;
        }

        DrillFleet.Outcome outcome = fleet.haltAndRestart(subject, next == null ? null : next.haltAt());

        assertThat(outcome.output()).as("the panel halted at the armed step").contains("Halting at " + drill.haltAt());
        assertThat(outcome.exitStatus()).isEqualTo(137);
        TIMINGS.add(String.format("%-50s restart %5.1f s, task ended %5.1f s, serving %5.1f s after the kill",
                drill, outcome.seconds(outcome.restarted()), outcome.seconds(outcome.taskEnded()),
                outcome.seconds(outcome.serving())));
        String end = outcome.taskStatus();
        assertThat(end).as("the task ended").isIn("SUCCESS", "WARNING", "ERROR");
        assertThat(fleet.db().sql("SELECT count(*) FROM tasks WHERE status = 'PROCESSING'").query(Long.class)
                .single()).as("no task left PROCESSING").isZero();
        subject.assertOldOrNewState(fleet);
        assertThat(fleet.problems()).as("after " + drill + ":\n" + String.join("\n", fleet.log(subject.task())))
                .isEmpty();
        assertThat(fleet.untruthfulLog(subject.task())).isEmpty();
    }

    private static boolean selected(Drill drill) {
        String only = System.getProperty("bosun.drills.only", "");
        return only.isBlank() || List.of(only.split(",")).stream()
                .anyMatch(part -> drill.type().equals(part) || (drill.type() + ":" + drill.step()).equals(part));
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
            if (!TIMINGS.isEmpty()) {
                TIMINGS.forEach(System.out::println);
                Files.write(HOME.resolveSibling("timings.txt"), TIMINGS);
            }
        }
    }
}
