package dev.bosun.task.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;

import dev.bosun.task.internal.StepFaults.When;
import org.junit.jupiter.api.Test;

class StepFaultsTests {

    final List<String> halts = Collections.synchronizedList(new ArrayList<>());

    @Test
    void haltsOnlyAtTheNamedStepOfTheNamedTypeAndMoment() {
        StepFaults faults = new StepFaults(true, "install:vhost:before", () -> halts.add("halt"));

        faults.halt(1, "install", "database", When.BEFORE);
        faults.halt(1, "install", "vhost", When.AFTER);
        faults.halt(1, "migrate", "vhost", When.BEFORE);
        assertThat(halts).isEmpty();

        faults.halt(1, "install", "vhost", When.BEFORE);
        assertThat(halts).containsExactly("halt");
    }

    @Test
    void aStepNameMayHoldColonsAndTheMomentDefaultsToAfter() {
        StepFaults faults = new StepFaults(true, "install:drush site:install", () -> halts.add("halt"));

        assertThat(faults.haltsAt("install", "drush site:install", When.AFTER)).isTrue();
        assertThat(faults.haltsAt("install", "drush site:install", When.BEFORE)).isFalse();
        assertThat(StepFaults.HaltPoint.parse("install:drush site:install:before"))
                .isEqualTo(new StepFaults.HaltPoint("install", "drush site:install", When.BEFORE));
    }

    @Test
    void aHaltPointIsRefusedWithoutFaultInjectionOrWhenMalformed() {
        assertThatThrownBy(() -> new StepFaults(false, "install:vhost", () -> halts.add("halt")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bosun.tasks.fault-injection=true");
        assertThatThrownBy(() -> StepFaults.HaltPoint.parse("install"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("<type>:<step>");
        assertThat(new StepFaults(false, "", () -> halts.add("halt")).haltsAt("install", "vhost", When.AFTER))
                .isFalse();
    }

    @Test
    void withSeveralPointsEachTaskWaitsAtItsOwnAndTheProcessHaltsOnceAllAreReached() throws Exception {
        StepFaults faults = new StepFaults(true, "install:vhost, restore:swap:after", Duration.ofMinutes(5),
                () -> halts.add("halt"));

        CompletableFuture<Void> install = CompletableFuture.runAsync(() -> faults.halt(1, "install", "vhost",
                When.AFTER));
        Thread.sleep(200);
        assertThat(install).as("the first task waits at its point").isNotDone();
        assertThat(halts).isEmpty();
        faults.halt(1, "restore", "import", When.AFTER);
        assertThat(halts).as("a step not armed passes").isEmpty();

        faults.halt(1, "restore", "swap", When.AFTER);
        assertThat(halts).containsExactly("halt");
        install.get(10, TimeUnit.SECONDS);
        assertThat(halts).as("one halt for all the points").containsExactly("halt");
    }

    @Test
    void withSeveralPointsEachPointStopsOneTaskAndAnotherOfTheTypeGoesOnToTheNext() throws Exception {
        StepFaults faults = new StepFaults(true, "install:database,install:vhost", Duration.ofMinutes(5),
                () -> halts.add("halt"));

        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> faults.halt(1, "install", "database",
                When.AFTER));
        Thread.sleep(200);
        faults.halt(2, "install", "database", When.AFTER);
        assertThat(halts).as("the second task passes the point the first holds").isEmpty();
        assertThat(first).isNotDone();

        faults.halt(2, "install", "vhost", When.AFTER);
        assertThat(halts).containsExactly("halt");
        first.get(10, TimeUnit.SECONDS);
    }

    @Test
    void withSeveralPointsTheProcessHaltsAfterTheWaitWhenOneIsNeverReached() throws Exception {
        StepFaults faults = new StepFaults(true, "install:vhost,migrate:deploy", Duration.ofMillis(300),
                () -> halts.add("halt"));

        faults.halt(1, "install", "vhost", When.AFTER);

        assertThat(halts).containsExactly("halt");
    }
}
