package dev.bosun.server;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import dev.bosun.task.JournalEntry;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task run that keeps every log line as written (before any redaction), the secrets it was told about,
 * the steps in order, and the changes the steps journaled (kept in memory; nothing is undone here: the
 * engine's rollback is tested with the engine).
 */
public class RecordingTaskRun implements TaskRun {

    public record Line(String level, String step, String message) {
        @Override
        public String toString() {
            return level + " " + message;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final long id;
    private final String type;
    private final TargetType targetType;
    private final long targetId;
    private final Map<String, Object> args;
    private final List<Line> lines = Collections.synchronizedList(new ArrayList<>());
    private final List<String> secrets = Collections.synchronizedList(new ArrayList<>());
    private final List<String> steps = new ArrayList<>();
    private final List<JournalEntry> journal = Collections.synchronizedList(new ArrayList<>());
    private String currentStep;

    public RecordingTaskRun(TargetType targetType, long targetId, String type, Map<String, Object> args) {
        this.id = 1;
        this.type = type;
        this.targetType = targetType;
        this.targetId = targetId;
        this.args = args;
    }

    public static RecordingTaskRun any() {
        return new RecordingTaskRun(TargetType.SERVER, 0, "test", Map.of());
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    public List<String> messages(String level) {
        return lines().stream().filter(line -> line.level().equals(level)).map(Line::message).toList();
    }

    public String text() {
        return String.join("\n", lines().stream().map(Line::toString).toList());
    }

    public List<String> secrets() {
        return List.copyOf(secrets);
    }

    public List<String> steps() {
        return List.copyOf(steps);
    }

    /** The status the engine would derive: any error → ERROR, else any warning → WARNING, else SUCCESS. */
    public String status() {
        if (!messages("ERROR").isEmpty()) {
            return "ERROR";
        }
        return messages("WARNING").isEmpty() ? "SUCCESS" : "WARNING";
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public TargetType targetType() {
        return targetType;
    }

    @Override
    public long targetId() {
        return targetId;
    }

    @Override
    public Map<String, Object> args() {
        return args;
    }

    @Override
    public <T> T args(Class<T> type) {
        return JSON.convertValue(args, type);
    }

    @Override
    public String requestedBy() {
        return "admin";
    }

    @Override
    public TaskLogger log() {
        return new Logger();
    }

    @Override
    public void step(String name, Step step) throws Exception {
        steps.add(name);
        currentStep = name;
        try {
            step.run(new Context(name));
        } catch (Exception e) {
            add("ERROR", e.getMessage());
            throw e;
        } finally {
            currentStep = null;
        }
    }

    private void add(String level, String message) {
        lines.add(new Line(level, currentStep, message));
    }

    private class Logger implements TaskLogger {

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
            secrets.add(value);
        }
    }

    @Override
    public <T> void pointOfNoReturn(String why, T data) {
        journal.add(new Entry(journal.size() + 1, currentStep, JournalEntry.POINT_OF_NO_RETURN, why,
                JSON.writeValueAsString(data)));
    }

    @Override
    public List<JournalEntry> journal() {
        return List.copyOf(journal);
    }

    private class Context extends Logger implements StepContext {

        private final String step;

        Context(String step) {
            this.step = step;
        }

        @Override
        public <T> JournalEntry record(String kind, String what, T data) {
            Entry entry = new Entry(journal.size() + 1, step, kind, what, JSON.writeValueAsString(data));
            journal.add(entry);
            return entry;
        }
    }

    /** A journal entry kept in memory. */
    private static final class Entry implements JournalEntry {
        private final int seq;
        private final String step;
        private final String kind;
        private final String what;
        private final String json;
        private Status status = Status.PENDING;

        Entry(int seq, String step, String kind, String what, String json) {
            this.seq = seq;
            this.step = step;
            this.kind = kind;
            this.what = what;
            this.json = json;
        }

        @Override
        public long taskId() {
            return 1;
        }

        @Override
        public int seq() {
            return seq;
        }

        @Override
        public int stepSeq() {
            return 0;
        }

        @Override
        public String step() {
            return step;
        }

        @Override
        public String kind() {
            return kind;
        }

        @Override
        public String what() {
            return what;
        }

        @Override
        public Status status() {
            return status;
        }

        @Override
        public <T> T data(Class<T> type) {
            return JSON.readValue(json, type);
        }

        @Override
        public void done() {
            status = Status.DONE;
        }

        @Override
        public void keep() {
            status = Status.KEPT;
        }
    }
}
