package dev.bosun.task.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.bosun.task.JournalEntry;
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
 * A task as its handler runs it: named steps, the journal of the changes they make (written before each
 * change), leveled lines through the one redaction mechanism, and the status the lines add up to.
 */
class RunningTask implements TaskRun {

    private final ClaimedTask task;
    private final Map<String, Object> args;
    private final JsonMapper json;
    private final TaskLogWriter.Buffer buffer;
    private final Redactor redactor = new Redactor();
    private final AtomicInteger errors;
    private final AtomicInteger warnings;
    private final TaskStore store;
    private int journalSeq;
    private final Logger logger = new Logger(null);
    private int stepSeq;
    private String currentStep;
    private int currentStepSeq;
    private volatile String firstError;
    private volatile String firstErrorStep;
    private volatile String firstWarning;
    private volatile String firstWarningStep;
    private final StepFaults faults;

    RunningTask(ClaimedTask task, Map<String, Object> args, JsonMapper json, TaskLogWriter.Buffer buffer,
                int lastStepSeq, int lastJournalSeq, int errors, int warnings, StepFaults faults, TaskStore store) {
        this.task = task;
        this.store = store;
        this.journalSeq = lastJournalSeq;
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
        currentStepSeq = seq;
        StepLogger context = new StepLogger(name, seq);
        try {
            step.run(context);
            var injected = faults == null ? java.util.Optional.<RuntimeException>empty() : faults.after(task.type(), name);
            if (injected.isPresent()) {
                throw injected.get();
            }
            haltIfArmed(name, StepFaults.When.AFTER);
        } catch (StepFaults.SimulatedCrash crash) {
            throw crash;
        } catch (Exception | Error e) {
            context.error("Step '" + name + "' failed: " + describe(e));
            buffer.flush(TaskStore.endStep(task.id(), seq, TaskStep.Status.FAILED));
            throw new StepFailedException(name, e);
        } finally {
            currentStep = null;
            currentStepSeq = 0;
        }
        buffer.flush(TaskStore.endStep(task.id(), seq, TaskStep.Status.DONE));
    }

    @Override
    public <T> void pointOfNoReturn(String why, T data) {
        int seq = ++journalSeq;
        buffer.flush(TaskStore.recordJournal(task.id(), seq, currentStepSeq == 0 ? null : currentStepSeq, currentStep,
                JournalEntry.POINT_OF_NO_RETURN, redactor.redact(why), json.writeValueAsString(data),
                JournalEntry.Status.DONE));
        write(Level.INFO, currentStep, "Point of no return: " + why + "; from here on the task is carried "
                + "forward, not rolled back.");
        if (faults != null) {
            faults.after(task.type(), StepFaults.POINT_OF_NO_RETURN);
        }
        haltIfArmed(StepFaults.POINT_OF_NO_RETURN, StepFaults.When.AFTER);
    }

    private void haltIfArmed(String step, StepFaults.When when) {
        if (faults != null && faults.haltsAt(task.type(), step, when)) {
            buffer.flush();
            faults.halt(task.id(), task.type(), step, when);
        }
    }

    @Override
    public List<JournalEntry> journal() {
        buffer.flush();
        return List.copyOf(store.journal(task.id(), json));
    }

    void mark(JournalEntry entry, JournalEntry.Status status) {
        buffer.flush(TaskStore.markJournal(task.id(), entry.seq(), status));
    }

    /** Any error line makes the task ERROR, else any warning WARNING, else SUCCESS (Aegir's rule). */
    TaskStatus derivedStatus() {
        if (errors.get() > 0) {
            return TaskStatus.ERROR;
        }
        return warnings.get() > 0 ? TaskStatus.WARNING : TaskStatus.SUCCESS;
    }

    /**
     * The line that tells how the task ended, kept on the task row: the first error or warning line, named by
     * its step ("Warning in step welcome mail: no mail server configured"), and how many more there were.
     */
    String outcome(TaskStatus status) {
        return switch (status) {
            case ERROR -> firstError == null ? "failed" : named("Error", firstErrorStep, firstError, errors.get());
            case WARNING -> firstWarning == null ? "finished with " + warnings.get() + " warning(s)"
                    : named("Warning", firstWarningStep, firstWarning, warnings.get());
            default -> null;
        };
    }

    private static String named(String kind, String step, String line, int count) {
        String where = step == null ? kind + ": " : kind + " in step " + step + ": ";
        String stepFailed = "Step '" + step + "' failed: ";
        if (step != null && line.startsWith(stepFailed)) {
            line = line.substring(stepFailed.length());
        }
        String more = count > 1 ? " (and " + (count - 1) + " more)" : "";
        return where + line + more;
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
                firstErrorStep = step;
            }
        } else if (level == Level.WARNING) {
            warnings.incrementAndGet();
            if (firstWarning == null) {
                firstWarning = redactor.redact(message);
                firstWarningStep = step;
            }
        }
        String redacted = redactor.redact(message);
        for (String line : redacted.split("\\R", -1)) {
            buffer.add(level, step, line);
        }
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
        private boolean recorded;

        StepLogger(String step, int seq) {
            super(step);
            this.seq = seq;
        }

        @Override
        public <T> JournalEntry record(String kind, String what, T data) {
            if (kind == null || kind.isBlank() || kind.equals(JournalEntry.POINT_OF_NO_RETURN)) {
                throw new IllegalArgumentException("A journal entry needs a kind of its own, not '" + kind + "'");
            }
            String dataJson = json.writeValueAsString(data);
            int entrySeq = ++journalSeq;
            String named = redactor.redact(what);
            List<TaskStore.Write> writes = new java.util.ArrayList<>();
            writes.add(TaskStore.recordJournal(task.id(), entrySeq, seq, super.step, kind, named, dataJson,
                    JournalEntry.Status.PENDING));
            if (!recorded) {
                writes.add(TaskStore.markUndo(task.id(), seq));
                recorded = true;
            }
            buffer.flush(writes);
            return new RecordedEntry(task.id(), entrySeq, seq, super.step, kind, named, JournalEntry.Status.PENDING,
                    dataJson, json, marked -> buffer.flush(TaskStore.markJournal(task.id(), entrySeq, marked)));
        }
    }

    /** A step failed; its error line is written already. */
    static final class StepFailedException extends Exception {

        StepFailedException(String step, Throwable cause) {
            super("Step '" + step + "' failed", cause);
        }
    }
}
