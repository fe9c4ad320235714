package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.loadAverage;

import java.nio.file.Path;
import java.util.List;

import dev.bosun.drill.CrashDrills.Drill;
import dev.bosun.drill.DrillFleet;
import dev.bosun.drill.DrillHomes;
import dev.bosun.drill.DrillSubject;

/**
 * Crash recovery, for real: the panel in its own JVM on the demo fleet (embedded PostgreSQL, nginx, PHP-FPM, the
 * machine's MariaDB); for each site task type a task halts the process mid-task (as {@code kill -9}), the panel
 * is started again on the same home, and the benchmark times how long after the kill the panel answered, the
 * task ended, and the site served again (200 through nginx by its host name). See docs/benchmarks.md.
 */
public final class CrashRecoveryBenchmark {

    /**
     * A step in the middle of each task (the change begun, the task not done); for install the one after which
     * it carries forward (the site enabled), since an install rolled back has no site to serve.
     */
    static final List<Drill> DRILLS = List.of(new Drill("install", "login link"),
            new Drill("backup", "backup"), new Drill("restore", "import"), new Drill("migrate", "file delta"),
            new Drill("clone", "deploy"));

    private CrashRecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of("target", "crash-drills", "bench").toAbsolutePath();
        System.out.printf("load_average_at_start=%s%n", loadAverage());
        try (DrillFleet fleet = new DrillFleet(DrillHomes.fresh(home))) {
            fleet.start(DRILLS.get(0).haltAt());
            fleet.awaitPlatformsEnabled();
            for (int i = 0; i < DRILLS.size(); i++) {
                Drill drill = DRILLS.get(i);
                DrillSubject subject = fleet.prepareAndQueue(drill);
                DrillFleet.Outcome outcome = fleet.haltAndRestart(subject,
                        i + 1 < DRILLS.size() ? DRILLS.get(i + 1).haltAt() : null);
                String type = drill.type();
                System.out.printf("crash_restart_%s_s=%.1f%n", type, outcome.seconds(outcome.restarted()));
                System.out.printf("crash_task_ended_%s_s=%.1f%n", type, outcome.seconds(outcome.taskEnded()));
                boolean serving = outcome.serving() != null && fleet.serve(fleet.site(subject.site()).domain()) == 200;
                System.out.printf("crash_recovery_%s_s=%s%n", type, serving
                        ? String.format("%.1f", outcome.seconds(outcome.serving())) : "not-serving");
            }
            System.out.printf("load_average_at_end=%s%n", loadAverage());
            fleet.dropRunDatabases();
        } finally {
            DrillHomes.stopLeftovers(home);
        }
    }
}
