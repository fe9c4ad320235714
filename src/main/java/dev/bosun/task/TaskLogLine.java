package dev.bosun.task;

import java.time.Instant;

/** One line of a task's log; {@code seq} orders the lines of a task. */
public record TaskLogLine(long taskId, int seq, Instant at, Level level, String step, String message) {

    public enum Level {
        INFO,
        OK,
        WARNING,
        ERROR,
        OUTPUT
    }

    /** The line as plain text: time, level, step and message. */
    public String toText() {
        return at + " " + String.format("%-7s", level) + (step == null ? "" : " [" + step + "]") + " " + message;
    }
}
