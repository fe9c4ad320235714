package dev.bosun.task.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The fault-injection switch for rollback tests: makes a named step of a task type fail right
 * after its work is done (its undo registered), so the undos of that step and all before it run.
 * Only active with {@code bosun.tasks.fault-injection=true}; in every other run arming it is refused
 * and no step is ever failed.
 */
@Component
public class StepFaults {

    private final boolean enabled;
    private final Map<String, String> armed = new ConcurrentHashMap<>();

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

    public void clear() {
        armed.clear();
    }

    /** The injected failure for this step of this task type, if one is armed. */
    public Optional<RuntimeException> after(String taskType, String stepName) {
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
}
