package dev.bosun.task;

import java.util.Map;

/** One running task, as its handler sees it. */
public interface TaskRun {

    long id();

    String type();

    TargetType targetType();

    long targetId();

    /** The task's arguments (a JSON object), as given when it was queued. */
    Map<String, Object> args();

    /**
     * The task's arguments read as the record they were queued as (unknown keys ignored, so rows of older
     * versions still read).
     *
     * @throws IllegalArgumentException when the stored JSON does not fit the record
     */
    <T> T args(Class<T> type);

    String requestedBy();

    TaskLogger log();

    /**
     * Runs a named step. The step may register an undo; if this or a later step fails, the
     * registered undos run in reverse order, each logged, and the task ends ERROR.
     */
    void step(String name, Step step) throws Exception;

    @FunctionalInterface
    interface Step {
        void run(StepContext step) throws Exception;
    }

    /** What a step can do besides logging: register how to take itself back. */
    interface StepContext extends TaskLogger {

        void undo(Undo undo);
    }

    @FunctionalInterface
    interface Undo {
        void run() throws Exception;
    }
}
