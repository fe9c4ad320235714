package dev.bosun.platform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import dev.bosun.task.TaskStatus;

/**
 * Runs a handler the way the dispatcher does (steps in order, undos in reverse on failure, status
 * from the log levels) and keeps the log lines in memory, for tests of one handler.
 */
final class RecordingTaskRun implements TaskRun, TaskLogger {

    record Line(String level, String step, String message) {
        @Override
        public String toString() {
            return level + " " + (step == null ? "" : "[" + step + "] ") + message;
        }
    }

    private final String type;
    private final TargetType targetType;
    private final long targetId;
    private final List<Line> lines = new ArrayList<>();
    private final Deque<Undo> undos = new ArrayDeque<>();
    private String currentStep;

    private RecordingTaskRun(String type, TargetType targetType, long targetId) {
        this.type = type;
        this.targetType = targetType;
        this.targetId = targetId;
    }

    /** Runs the handler on the target; never throws, the outcome is in {@link #status()} and the log. */
    static RecordingTaskRun run(TaskHandler handler, long targetId) {
        RecordingTaskRun run = new RecordingTaskRun(handler.type(), handler.targetType(), targetId);
        try {
            handler.run(run);
        } catch (StepFailed e) {
            run.rollBack();
        } catch (Exception e) {
            run.error("Task failed: " + e.getMessage());
            run.rollBack();
        }
        return run;
    }

    private static final class StepFailed extends RuntimeException {
        StepFailed(Throwable cause) {
            super(cause);
        }
    }

    @Override
    public void step(String name, Step step) {
        currentStep = name;
        StepContext context = new StepContext() {
            @Override public void undo(Undo undo) { undos.push(undo); }
            @Override public void info(String message) { RecordingTaskRun.this.info(message); }
            @Override public void ok(String message) { RecordingTaskRun.this.ok(message); }
            @Override public void warning(String message) { RecordingTaskRun.this.warning(message); }
            @Override public void error(String message) { RecordingTaskRun.this.error(message); }
            @Override public void output(String line) { RecordingTaskRun.this.output(line); }
            @Override public void secret(String value) { RecordingTaskRun.this.secret(value); }
        };
        try {
            step.run(context);
        } catch (Exception e) {
            error("Step '" + name + "' failed: " + e.getMessage());
            throw new StepFailed(e);
        } finally {
            currentStep = null;
        }
    }

    private void rollBack() {
        while (!undos.isEmpty()) {
            try {
                undos.pop().run();
                info("Rolled back a step.");
            } catch (Exception e) {
                error("Undo failed: " + e.getMessage());
            }
        }
    }

    TaskStatus status() {
        if (lines.stream().anyMatch(line -> line.level().equals("ERROR"))) {
            return TaskStatus.ERROR;
        }
        return lines.stream().anyMatch(line -> line.level().equals("WARNING")) ? TaskStatus.WARNING : TaskStatus.SUCCESS;
    }

    List<Line> lines() {
        return List.copyOf(lines);
    }

    List<String> messages(String level) {
        return lines.stream().filter(line -> line.level().equals(level)).map(Line::message).toList();
    }

    String text() {
        return String.join("\n", lines.stream().map(Line::toString).toList());
    }

    private void add(String level, String message) {
        lines.add(new Line(level, currentStep, message));
    }

    @Override public void info(String message) { add("INFO", message); }
    @Override public void ok(String message) { add("OK", message); }
    @Override public void warning(String message) { add("WARNING", message); }
    @Override public void error(String message) { add("ERROR", message); }
    @Override public void output(String line) { add("OUTPUT", line); }
    @Override public void secret(String value) { }

    @Override public long id() { return 0; }
    @Override public String type() { return type; }
    @Override public TargetType targetType() { return targetType; }
    @Override public long targetId() { return targetId; }
    @Override public Map<String, Object> args() { return Map.of(); }
    @Override public String requestedBy() { return "test"; }
    @Override public TaskLogger log() { return this; }
}
