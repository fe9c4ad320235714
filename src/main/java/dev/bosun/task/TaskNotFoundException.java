package dev.bosun.task;

/** No such task, or not one the caller may see. */
public class TaskNotFoundException extends RuntimeException {

    public TaskNotFoundException(long id) {
        super("There is no task " + id + ".");
    }
}
