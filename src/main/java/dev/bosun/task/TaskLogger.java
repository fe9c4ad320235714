package dev.bosun.task;

/**
 * Leveled lines of a task's log, written as they happen. The task's final status follows from
 * them: any error line makes it ERROR, else any warning WARNING, else SUCCESS.
 */
public interface TaskLogger {

    void info(String message);

    void ok(String message);

    void warning(String message);

    void error(String message);

    /** One line of a command's output, streamed while the command runs. */
    void output(String line);

    /** Hides this value (a password, a token) in every later line of this task's log. */
    void secret(String value);
}
