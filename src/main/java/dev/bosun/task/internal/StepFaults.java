package dev.bosun.task.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The fault-injection switch for rollback, recovery and crash tests: makes a named step of a task type fail
 * right after its work is done (its changes journaled), so the undos of that step and all before it run;
 * or makes this node "die" there ({@link #crashAfter}): the task is left PROCESSING with the step
 * RUNNING and nothing rolled back, as after a SIGKILL, for the recovery of another node (or of this
 * one, once the lease is expired) to find; or, with {@code bosun.tasks.halt-at=<type>:<step>[:before|after]},
 * halts the whole process at that step as a {@code kill -9} would (before: the step not yet started; after:
 * its work done, its end not yet recorded). With several points ({@code halt-at=<point>,<point>,...}), a task that
 * reaches one waits there, its work done and its end not recorded, and the process halts once every point is
 * reached (or {@code bosun.tasks.halt-wait} after the first one, saying which were not); each point stops one task
 * (another task of the type goes on past a point already held): one death catches several tasks, each at its own
 * step, so crash tests cost one restart for all of them. Only active with {@code bosun.tasks.fault-injection=true}; in
 * every other run arming it is refused and no step is ever failed or halted.
 */
@Component
public class StepFaults {

    /** The exit status of a halted process, as after {@code kill -9}. */
    static final int HALT_STATUS = 137;

    private final boolean enabled;
    private final Map<String, String> armed = new ConcurrentHashMap<>();
    private final Map<String, String> crashes = new ConcurrentHashMap<>();
    private final java.util.Set<Long> crashed = ConcurrentHashMap.newKeySet();

    /** The step name {@link #crashAfter} takes for the moment right after a task records its point of no return. */
    public static final String POINT_OF_NO_RETURN = "point of no return";
    private final List<HaltPoint> haltAt;
    private final Runnable halt;
    private final Duration haltWait;
    private final Set<HaltPoint> reached = new LinkedHashSet<>();
    private final CountDownLatch halted = new CountDownLatch(1);

    @Autowired
    public StepFaults(@Value("${bosun.tasks.fault-injection:false}") boolean enabled,
                      @Value("${bosun.tasks.halt-at:}") String haltAt,
                      @Value("${bosun.tasks.halt-wait:3m}") String haltWait) {
        this(enabled, haltAt, org.springframework.boot.convert.DurationStyle.detectAndParse(haltWait),
                () -> Runtime.getRuntime().halt(HALT_STATUS));
    }

    public StepFaults(boolean enabled) {
        this(enabled, "", Duration.ZERO, () -> { });
    }

    StepFaults(boolean enabled, String haltAt, Runnable halt) {
        this(enabled, haltAt, Duration.ofMinutes(3), halt);
    }

    StepFaults(boolean enabled, String haltAt, Duration haltWait, Runnable halt) {
        this.enabled = enabled;
        this.haltAt = haltAt == null || haltAt.isBlank() ? List.of()
                : Arrays.stream(haltAt.split(",")).map(HaltPoint::parse).filter(point -> point != null).toList();
        this.halt = halt;
        this.haltWait = haltWait;
        if (!this.haltAt.isEmpty() && !enabled) {
            throw new IllegalStateException("bosun.tasks.halt-at is set but fault injection is off; it needs "
                    + "bosun.tasks.fault-injection=true and is meant for crash tests only.");
        }
    }

    /** From now on, every task of {@code taskType} fails after its step {@code stepName}. */
    public void failAfter(String taskType, String stepName) {
        if (!enabled) {
            throw new IllegalStateException("Fault injection is off; set bosun.tasks.fault-injection=true in tests.");
        }
        armed.put(taskType, stepName);
    }

    /** From now on, every task of {@code taskType} stops dead after the work of its step {@code stepName}. */
    public void crashAfter(String taskType, String stepName) {
        if (!enabled) {
            throw new IllegalStateException("Fault injection is off; set bosun.tasks.fault-injection=true in tests.");
        }
        crashes.put(taskType, stepName);
    }

    public void clear() {
        armed.clear();
        crashes.clear();
    }

    /** Whether a simulated crash stopped this task. */
    public boolean crashed(long taskId) {
        return crashed.contains(taskId);
    }

    void recordCrash(long taskId) {
        crashed.add(taskId);
    }

    /** The injected failure for this step of this task type, if one is armed. */
    public Optional<RuntimeException> after(String taskType, String stepName) {
        if (enabled && stepName.equals(crashes.get(taskType))) {
            throw new SimulatedCrash("Simulated crash after the work of step '" + stepName + "'");
        }
        if (!enabled || !stepName.equals(armed.get(taskType))) {
            return Optional.empty();
        }
        return Optional.of(new InjectedFault("Injected failure after step '" + stepName + "'"));
    }

    /** Whether {@code bosun.tasks.halt-at} names this point. */
    boolean haltsAt(String taskType, String stepName, When when) {
        return enabled && point(taskType, stepName, when) != null;
    }

    private HaltPoint point(String taskType, String stepName, When when) {
        return haltAt.stream().filter(point -> point.matches(taskType, stepName, when)).findFirst().orElse(null);
    }

    /**
     * Halts the process (a test's stand-in may return), saying where and in which task on standard error. With
     * several points armed, each point stops one task: the first to reach it waits there until the others are
     * reached too (or {@code halt-wait} has passed since the first one); a task that comes to a point another task
     * holds goes on.
     */
    void halt(long taskId, String taskType, String stepName, When when) {
        HaltPoint point = enabled ? point(taskType, stepName, when) : null;
        if (point == null) {
            return;
        }
        if (haltAt.size() == 1) {
            say("Halting at " + point + " (task " + taskId + "; bosun.tasks.halt-at)");
            halt.run();
            return;
        }
        synchronized (reached) {
            if (halted.getCount() == 0 || !reached.add(point)) {
                return;
            }
            if (reached.size() == haltAt.size()) {
                say("Halting at " + point + " (task " + taskId + "; bosun.tasks.halt-at; every point reached)");
                haltNow();
                return;
            }
            say("Halting at " + point + " (task " + taskId + "; bosun.tasks.halt-at; waiting for "
                    + (haltAt.size() - reached.size()) + " more point(s))");
            if (reached.size() == 1) {
                Thread waiter = new Thread(this::haltAfterWait, "halt-wait");
                waiter.setDaemon(true);
                waiter.start();
            }
        }
        try {
            halted.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void haltAfterWait() {
        try {
            if (halted.await(haltWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            return;
        }
        synchronized (reached) {
            if (halted.getCount() == 0) {
                return;
            }
            List<HaltPoint> missing = new ArrayList<>(haltAt);
            missing.removeAll(reached);
            say("Halting without " + missing.stream().map(HaltPoint::toString).toList() + ": not reached within "
                    + haltWait + " of the first point (bosun.tasks.halt-wait)");
            haltNow();
        }
    }

    /** Runs the halt; a test's stand-in returns, and then the tasks waiting at their points go on. */
    private void haltNow() {
        try {
            halt.run();
        } finally {
            halted.countDown();
        }
    }

    private static void say(String line) {
        System.err.println(line);
        System.err.flush();
    }

    /** Where in a step a halt happens. */
    enum When { BEFORE, AFTER }

    /** A parsed {@code halt-at}; the step name may itself hold colons ({@code drush site:install}). */
    record HaltPoint(String taskType, String step, When when) {

        static HaltPoint parse(String value) {
            if (value == null || value.isBlank()) {
                return null;
            }
            String text = value.strip();
            int first = text.indexOf(':');
            if (first <= 0 || first == text.length() - 1) {
                throw new IllegalArgumentException("bosun.tasks.halt-at must read <type>:<step>[:before|after], not '"
                        + value + "'");
            }
            String type = text.substring(0, first);
            String rest = text.substring(first + 1);
            When when = When.AFTER;
            int last = rest.lastIndexOf(':');
            if (last > 0) {
                String suffix = rest.substring(last + 1);
                if (suffix.equalsIgnoreCase("before") || suffix.equalsIgnoreCase("after")) {
                    when = When.valueOf(suffix.toUpperCase());
                    rest = rest.substring(0, last);
                }
            }
            return new HaltPoint(type, rest, when);
        }

        boolean matches(String taskType, String stepName, When at) {
            return taskType.equals(this.taskType) && stepName.equals(step) && at == when;
        }

        @Override
        public String toString() {
            return taskType + ":" + step + ":" + when.name().toLowerCase();
        }
    }

    /** The failure {@link #failAfter} injects. */
    public static final class InjectedFault extends RuntimeException {

        InjectedFault(String message) {
            super(message);
        }
    }

    /** The node's "death" {@link #crashAfter} simulates: nothing catches it before the task runner. */
    public static final class SimulatedCrash extends Error {

        SimulatedCrash(String message) {
            super(message);
        }
    }
}
