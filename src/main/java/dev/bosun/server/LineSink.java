package dev.bosun.server;

import dev.bosun.task.TaskLogger;

/** Receives a command's output line by line while it runs (stdout and stderr alike). */
@FunctionalInterface
public interface LineSink {

    LineSink NONE = line -> {
    };

    void line(String line);

    /** Output lines of a task's log; the logger redacts the task's secrets. */
    static LineSink of(TaskLogger log) {
        return log::output;
    }
}
