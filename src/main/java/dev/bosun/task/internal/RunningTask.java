package dev.bosun.task.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bosun.task.TargetType;
import dev.bosun.task.TaskLogLine.Level;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskStep;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task as its handler runs it: named steps with their undos, leveled lines through the one
 * redaction mechanism, and the status the lines add up to.
 */
class RunningTask implements TaskRun {

    private final ClaimedTask task;
    private final Map<String, Object> args;
    private final JsonMapper json;
    private final TaskLogWriter.Buffer buffer;
    private final Redactor redactor = new Redactor();
    private final AtomicInteger errors;
    private final AtomicInteger warnings;
    private final Deque<RegisteredUndo> undos = new ArrayDeque<>();
    private final Logger logger = new Logger(null);
    private int stepSeq;
    private String currentStep;
    private volatile String firstError;
    private final StepFaults faults;

    RunningTask(ClaimedTask task, Map<String, Object> args, JsonMapper json, TaskLogWriter.Buffer buffer,
                int lastStepSeq, int errors, int warnings, StepFaults faults) {
        this.task = task;
        this.json = json;
        this.faults = faults;
        this.args = Map.copyOf(args);
        this.buffer = buffer;
        this.stepSeq = lastStepSeq;
        this.errors = new AtomicInteger(errors);
        this.warnings = new AtomicInteger(warnings);
    }

    @Override
    public long id() {
        return task.id();
    }

    @Override
    public String type() {
        return task.type();
    }

    @Override
    public TargetType targetType() {
        return task.targetType();
    }

    @Override
    public long targetId() {
        return task.targetId();
    }

    @Override
    public Map<String, Object> args() {
        return args;
    }

    @Override
    public <T> T args(Class<T> type) {
        String stored = task.argsJson() == null || task.argsJson().isBlank() ? "{}" : task.argsJson();
        try {
            return json.readerFor(type).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(stored);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("The task's arguments do not read as " + type.getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    @Override
    public String requestedBy() {
        return task.requestedBy();
    }

    @Override
    public TaskLogger log() {
        return logger;
    }

    ClaimedTask task() {
        return task;
    }

    @Override
    public void step(String name, Step step) throws Exception {
        if (currentStep != null) {
            throw new IllegalStateException("Step '" + name + "' was started inside step '" + currentStep
                    + "'; steps do not nest.");
        }
        haltIfArmed(name, StepFaults.When.BEFORE);
        int seq = ++stepSeq;
        buffer.flush(TaskStore.startStep(task.id(), seq, name));
        currentStep = name;
        StepLogger context = new StepLogger(name, seq);
        try {
            step.run(context);
            var injected = faults == null ? java.util.Optional.<RuntimeException>empty() : faults.after(task.type(), name);
            if (injected.isPresent()) {
                throw injected.get();
            }
            haltIfArmed(name, StepFaults.When.AFTER);
        } catch (Exception | Error e) {
            context.error("Step '" + name + "' failed: " + describe(e));
            buffer.flush(TaskStore.endStep(task.id(), seq, TaskStep.Status.FAILED));
            throw new StepFailedException(name, e);
        } finally {
            currentStep = null;
        }
        buffer.flush(TaskStore.endStep(task.id(), seq, TaskStep.Status.DONE));
    }

    private void haltIfArmed(String step, StepFaults.When when) {
        if (faults != null && faults.haltsAt(task.type(), step, when)) {
            buffer.flush();
            faults.halt(task.type(), step, when);
        }
    }

    /** Runs the registered undos, newest first, logging each; a failing undo does not stop the others. */
    void rollBack() {
        if (undos.isEmpty()) {
            return;
        }
        logger.info("Rolling back " + undos.size() + " change(s), newest first.");
        while (!undos.isEmpty()) {
            RegisteredUndo registered = undos.pop();
            try {
                registered.undo().run();
                logger.ok("Undid step '" + registered.step() + "'.");
                markUndone(registered, TaskStep.Status.UNDONE);
            } catch (Exception | Error e) {
                logger.error("Undo of step '" + registered.step() + "' failed: " + describe(e));
                markUndone(registered, TaskStep.Status.UNDO_FAILED);
            }
        }
    }

    private void markUndone(RegisteredUndo registered, TaskStep.Status status) {
        if (undos.stream().noneMatch(other -> other.seq() == registered.seq())) {
            buffer.flush(TaskStore.endStep(task.id(), registered.seq(), status));
        }
    }

    /** Any error line makes the task ERROR, else any warning WARNING, else SUCCESS (Aegir's rule). */
    TaskStatus derivedStatus() {
        if (errors.get() > 0) {
            return TaskStatus.ERROR;
        }
        return warnings.get() > 0 ? TaskStatus.WARNING : TaskStatus.SUCCESS;
    }

    /** The line that tells how the task ended, kept on the task row. */
    String outcome(TaskStatus status) {
        return switch (status) {
            case ERROR -> firstError == null ? "failed" : firstError;
            case WARNING -> "finished with " + warnings.get() + " warning(s)";
            default -> null;
        };
    }

    void flush() {
        buffer.flush();
    }

    void flush(TaskStore.Write write) {
        buffer.flush(write);
    }

    void close() {
        buffer.close();
    }

    String redact(String text) {
        return redactor.redact(text);
    }

    String describe(Throwable e) {
        Throwable cause = e instanceof StepFailedException failed ? failed.getCause() : e;
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    private void write(Level level, String step, String message) {
        if (level == Level.ERROR) {
            errors.incrementAndGet();
            if (firstError == null) {
                firstError = redactor.redact(message);
            }
        } else if (level == Level.WARNING) {
            warnings.incrementAndGet();
        }
        String redacted = redactor.redact(message);
        for (String line : redacted.split("\\R", -1)) {
            buffer.add(level, step, line);
        }
    }

    private record RegisteredUndo(String step, int seq, Undo undo) {
    }

    private class Logger implements TaskLogger {

        private final String step;

        Logger(String step) {
            this.step = step;
        }

        @Override
        public void info(String message) {
            write(Level.INFO, step, message);
        }

        @Override
        public void ok(String message) {
            write(Level.OK, step, message);
        }

        @Override
        public void warning(String message) {
            write(Level.WARNING, step, message);
        }

        @Override
        public void error(String message) {
            write(Level.ERROR, step, message);
        }

        @Override
        public void output(String line) {
            write(Level.OUTPUT, step, line);
        }

        @Override
        public void secret(String value) {
            redactor.add(value);
        }
    }

    private final class StepLogger extends Logger implements StepContext {

        private final int seq;
        private final List<Undo> registered = new ArrayList<>();

        StepLogger(String step, int seq) {
            super(step);
            this.seq = seq;
        }

        @Override
        public void undo(Undo undo) {
            if (registered.isEmpty()) {
                buffer.flush(TaskStore.markUndo(task.id(), seq));
            }
            registered.add(undo);
            undos.push(new RegisteredUndo(super.step, seq, undo));
        }
    }

    /** A step failed; its error line is written already. */
    static final class StepFailedException extends Exception {

        StepFailedException(String step, Throwable cause) {
            super("Step '" + step + "' failed", cause);
        }
    }
}
