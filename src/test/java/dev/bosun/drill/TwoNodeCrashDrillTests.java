package dev.bosun.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.drill.CrashDrills.Drill;
import dev.bosun.test.FreePorts;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;

/**
 * Two panels in their own JVMs on one database (the second on another port): the one that runs a task dies at a
 * step, the other takes the task over, and the site ends served with nothing left behind.
 */
@RequiresProgram({"nginx", "php-fpm|php-fpm8.2|php-fpm8.3", "php"})
class TwoNodeCrashDrillTests {

    static final Path HOME = Path.of("target", "crash-drills", "two-nodes").toAbsolutePath();
    private static final Pattern DISPATCHER = Pattern.compile("Task dispatcher (\\S+) started");

    @Test
    void whenTheNodeRunningATaskDiesTheOtherTakesItOver() throws Exception {
        Drill drill = new Drill("backup", "backup");
        try (DrillFleet fleet = new DrillFleet(DrillHomes.fresh(HOME))) {
            PanelProcess first = fleet.start(drill.haltAt());
            fleet.awaitPlatformsEnabled();
            // Both nodes are armed: whichever claims the task dies at the step, the other must take it over.
            try (PanelProcess second = fleet.startSecondNode(FreePorts.next(), drill.haltAt())) {
                DrillSubject subject = fleet.prepareAndQueue(drill);

                PanelProcess dead = await(first, second);
                PanelProcess survivor = dead == first ? second : first;
                String end = fleet.awaitEnd(subject.task(), Duration.ofMinutes(3));

                assertThat(dead.output()).contains("Halting at " + drill.haltAt());
                assertThat(end).isIn("SUCCESS", "WARNING", "ERROR");
                assertThat(fleet.db().sql("SELECT lease_owner FROM tasks WHERE id = :id").param("id", subject.task())
                        .query(String.class).single()).as("the surviving node ended it").isEqualTo(node(survivor));
                subject.awaitServing(fleet);
                subject.assertOldOrNewState(fleet);
                assertThat(fleet.problems()).as(String.join("\n", fleet.log(subject.task()))).isEmpty();
                assertThat(fleet.untruthfulLog(subject.task())).isEmpty();
            } finally {
                fleet.dropRunDatabases();
            }
        } finally {
            DrillHomes.stopLeftovers(HOME);
        }
    }

    /** The node that halted, once it did. */
    private static PanelProcess await(PanelProcess first, PanelProcess second) {
        return org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                .until(() -> !first.isAlive() ? first : !second.isAlive() ? second : null, dead -> dead != null);
    }

    private static String node(PanelProcess panel) throws Exception {
        Matcher matcher = DISPATCHER.matcher(panel.output());
        assertThat(matcher.find()).as("the node logged its name").isTrue();
        return matcher.group(1);
    }
}
