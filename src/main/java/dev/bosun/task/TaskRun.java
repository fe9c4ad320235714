package dev.bosun.task;

import java.util.List;
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
     * Runs a named step. Before a step changes anything it records the change in the task's journal
     * ({@link StepContext#record}); if this or a later step fails before the task's point of no return,
     * the handler's {@link TaskHandler#undo} runs for each recorded change, newest first, each logged,
     * and the task ends ERROR. After the point of no return the handler carries the task forward instead.
     */
    void step(String name, Step step) throws Exception;

    /**
     * Marks the task's point of no return in its journal, written at once: from here on a failure or an
     * interruption is not rolled back but carried forward ({@link TaskHandler#carryForward}). {@code data}
     * (stored as JSON, like a journal entry's) is what the carrying forward needs, e.g. the old copy to remove.
     */
    <T> void pointOfNoReturn(String why, T data);

    default void pointOfNoReturn(String why) {
        pointOfNoReturn(why, Map.of());
    }

    /** The task's journal as stored, oldest first (every node reads the same). */
    List<JournalEntry> journal();

    @FunctionalInterface
    interface Step {
        void run(StepContext step) throws Exception;
    }

    /** What a step can do besides logging: record, before making it, a change its handler can undo. */
    interface StepContext extends TaskLogger {

        /**
         * Writes the entry to the task's journal now (PENDING), before the change it names is made; call
         * {@link JournalEntry#done()} once the change is made. {@code data} is stored as JSON: the
         * handler's own record, everything its undo needs (names, servers, paths, previous content).
         * Never put a clear-text secret in it.
         */
        <T> JournalEntry record(String kind, String what, T data);
    }
}
