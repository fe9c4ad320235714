package dev.bosun.task.web;

import java.util.ArrayList;
import java.util.List;

import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskLogLine.Level;

/**
 * A run of consecutive log lines of one step (or of the task itself, outside any step), folded on the task page;
 * {@code level} is WARNING or ERROR when one of its lines is, else null.
 */
public record LogGroup(String step, List<TaskLogLine> lines, Level level) {

    /** The lines in their order, cut into runs by step. */
    static List<LogGroup> of(List<TaskLogLine> lines) {
        List<LogGroup> groups = new ArrayList<>();
        List<TaskLogLine> current = new ArrayList<>();
        String step = null;
        for (TaskLogLine line : lines) {
            if (!current.isEmpty() && !same(step, line.step())) {
                groups.add(group(step, current));
                current = new ArrayList<>();
            }
            step = line.step();
            current.add(line);
        }
        if (!current.isEmpty()) {
            groups.add(group(step, current));
        }
        return groups;
    }

    /** What the fold's summary says: the step's name, or that the lines belong to the task. */
    public String title() {
        return step == null ? "Task" : "Step " + step;
    }

    /** Folds with a warning or an error are open to begin with. */
    public boolean flagged() {
        return level != null;
    }

    private static LogGroup group(String step, List<TaskLogLine> lines) {
        Level worst = null;
        for (TaskLogLine line : lines) {
            if (line.level() == Level.ERROR) {
                worst = Level.ERROR;
            } else if (line.level() == Level.WARNING && worst == null) {
                worst = Level.WARNING;
            }
        }
        return new LogGroup(step, List.copyOf(lines), worst);
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
