package dev.bosun.task;

import java.util.List;

/**
 * Runs one type of task. Feature modules register handlers as beans; the task module knows
 * them only by {@link #targetType()} and {@link #type()} (e.g. SITE + "install").
 */
public interface TaskHandler {

    TargetType targetType();

    String type();

    /** Runs the task as a list of named steps ({@link TaskRun#step}); a thrown exception fails it. */
    void run(TaskRun run) throws Exception;

    /**
     * Takes back one change a step recorded in the journal, from the entry's data alone: the same code
     * after a failed step on this node and after an interruption on another node. The change may not
     * have been made (the entry may be PENDING), so an undo tolerates what is already as it should be.
     * Log what was done; throw when it could not be undone.
     */
    default void undo(TaskRun run, JournalEntry entry) throws Exception {
        throw new UnsupportedOperationException("The " + type() + " task has no undo for '" + entry.kind() + "'");
    }

    /**
     * Completes a task that failed or was interrupted after its point of no return
     * ({@link TaskRun#pointOfNoReturn}), idempotently, from the journal and the feature's own tables.
     */
    default void carryForward(TaskRun run, List<JournalEntry> journal) throws Exception {
        throw new UnsupportedOperationException("The " + type() + " task cannot be carried forward");
    }

    /**
     * Before another node undoes or carries forward a task whose node stopped: stops what the task
     * still runs elsewhere (long remote commands), so nothing changes under the recovery.
     */
    default void beforeTakeOver(TaskRun run) throws Exception {
    }
}
