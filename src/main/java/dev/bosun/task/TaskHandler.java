package dev.bosun.task;

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
     * After a node died mid-task, undoes a step that had registered an undo, from what is persisted
     * (the task's arguments and the feature's own tables), since the in-memory undo died with the node.
     * A handler that cannot throws {@link UnsupportedOperationException}: the log then says the step was
     * left as it was, never that it was undone.
     */
    default void undoAfterInterruption(TaskRun run, String step) throws Exception {
        throw new UnsupportedOperationException("Step '" + step
                + "' cannot be undone automatically after an interruption; check it by hand.");
    }
}
