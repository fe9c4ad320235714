package dev.bosun.task.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The fault-injection switch for rollback and recovery tests: makes a named step of a task type fail
 * right after its work is done (its changes journaled), so the undos of that step and all before it run;
 * or makes this node "die" there ({@link #crashAfter}): the task is left PROCESSING with the step
 * RUNNING and nothing rolled back, as after a SIGKILL, for the recovery of another node (or of this
 * one, once the lease is expired) to find. Only active with {@code bosun.tasks.fault-injection=true};
 * in every other run arming it is refused and no step is ever failed.
 */
@Component
public class StepFaults {

    private final boolean enabled;
    private final Map<String, String> armed = new ConcurrentHashMap<>();
    private final Map<String, String> crashes = new ConcurrentHashMap<>();
    private final java.util.Set<Long> crashed = ConcurrentHashMap.newKeySet();

    /** The step name {@link #crashAfter} takes for the moment right after a task records its point of no return. */
    public static final String POINT_OF_NO_RETURN = "point of no return";

    public StepFaults(@Value("${bosun.tasks.fault-injection:false}") boolean enabled) {
        this.enabled = enabled;
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
