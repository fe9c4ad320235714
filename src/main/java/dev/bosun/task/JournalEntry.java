package dev.bosun.task;

/**
 * One change a step of a task recorded in the task's persisted journal before making it: its kind
 * (the handler's own name, e.g. "database"), a sentence naming what and where (for the log), and the
 * handler's typed data stored as JSON. Written to the database before the change, marked done after it;
 * the handler's {@link TaskHandler#undo} reads it back, on this node after a failed step or on another
 * node after an interruption.
 */
public interface JournalEntry {

    /** The kind of the marker {@link TaskRun#pointOfNoReturn} writes; no handler undoes it. */
    String POINT_OF_NO_RETURN = "point-of-no-return";

    long taskId();

    /** The entry's number within its task, in the order the entries were recorded. */
    int seq();

    /** The number of the step that recorded it, or 0 when recorded outside a step. */
    int stepSeq();

    /** The name of the step that recorded it, or null. */
    String step();

    String kind();

    /** What the change is and where, as the log names it ("the database x and user x on db1"). */
    String what();

    Status status();

    /**
     * The entry's data read as the record it was written as (unknown keys ignored).
     *
     * @throws IllegalArgumentException when the stored JSON does not fit the record
     */
    <T> T data(Class<T> type);

    /** Marks the change as made. Only the step that recorded the entry marks it. */
    void done();

    /**
     * Marks the change as made for good: it stays whatever becomes of the task, and no rollback takes it back
     * (e.g. a backup archive once its record is written). Only the step that recorded the entry marks it.
     */
    void keep();

    default boolean isPointOfNoReturn() {
        return POINT_OF_NO_RETURN.equals(kind());
    }

    /** Whether the change may have been made and is not taken back yet. */
    default boolean isStanding() {
        return status() == Status.PENDING || status() == Status.DONE;
    }

    enum Status {
        /** Recorded before the change; the change may or may not have happened (the node may have died). */
        PENDING,
        /** The change was made. */
        DONE,
        /** The change was made and stays: no rollback takes it back (see {@link JournalEntry#keep()}). */
        KEPT,
        /** The change was taken back by the handler's undo. */
        UNDONE,
        /** The handler's undo failed: what the entry names is left. */
        UNDO_FAILED
    }
}
