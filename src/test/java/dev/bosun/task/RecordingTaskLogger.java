package dev.bosun.task;

import java.util.ArrayList;
import java.util.List;

/** A task logger that keeps its lines, for tests of code that logs to a task. */
public class RecordingTaskLogger implements TaskLogger {

    public record Line(String level, String message) {
    }

    private final List<Line> lines = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>();

    @Override
    public void info(String message) {
        add("INFO", message);
    }

    @Override
    public void ok(String message) {
        add("OK", message);
    }

    @Override
    public void warning(String message) {
        add("WARNING", message);
    }

    @Override
    public void error(String message) {
        add("ERROR", message);
    }

    @Override
    public void output(String line) {
        add("OUTPUT", line);
    }

    @Override
    public void secret(String value) {
        if (value != null && !value.isEmpty()) {
            secrets.add(value);
        }
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> messages(String level) {
        return lines.stream().filter(line -> line.level().equals(level)).map(Line::message).toList();
    }

    private synchronized void add(String level, String message) {
        String text = message;
        for (String secret : secrets) {
            text = text.replace(secret, "********");
        }
        lines.add(new Line(level, text));
    }
}
