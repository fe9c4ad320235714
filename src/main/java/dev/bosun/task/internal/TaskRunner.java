package dev.bosun.task.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.task.TaskFinished;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskLogLine.Level;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskStep;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a claimed task through its handler, rolls back on failure, and records the end; also
 * finishes the tasks of a node that died, running the undos their handlers can do from what is stored.
 */
@Component
class TaskRunner {

    private static final Logger log = LoggerFactory.getLogger(TaskRunner.class);
    private static final TypeReference<Map<String, Object>> ARGS = new TypeReference<>() {
    };

    private final TaskStore store;
    private final TaskLogWriter logs;
    private final TaskHandlers handlers;
    private final TransactionTemplate transactions;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    private final StepFaults faults;
    /** Set when the application context closes: a task's end is then tried once, the rest left to recovery. */
    private volatile boolean closing;

    TaskRunner(TaskStore store, TaskLogWriter logs, TaskHandlers handlers, TransactionTemplate transactions,
               ApplicationEventPublisher events, JsonMapper json, StepFaults faults) {
        this.faults = faults;
        this.store = store;
        this.logs = logs;
        this.handlers = handlers;
        this.transactions = transactions;
        this.events = events;
        this.json = json;
    }

    void run(ClaimedTask task, String node) {
        RunningTask run = open(task, 0, 0, 0);
        try {
            Optional<TaskHandler> handler = handlers.find(task.targetType(), task.type());
            if (run.derivedStatus() == TaskStatus.ERROR) {
                return;
            }
            if (handler.isEmpty()) {
                run.log().error("This node has no handler for " + task.targetType().name().toLowerCase() + " task '"
                        + task.type() + "'.");
            } else {
                execute(handler.get(), run);
            }
        } finally {
            finish(run, node, run.derivedStatus(), null);
        }
    }

    private void execute(TaskHandler handler, RunningTask run) {
        try {
            handler.run(run);
        } catch (RunningTask.StepFailedException e) {
            run.rollBack();
        } catch (Exception | Error e) {
            run.log().error("Task failed: " + run.describe(e));
            log.debug("Task {} failed outside a step: {}", run.id(), e.getClass().getName());
            run.rollBack();
        }
    }

    /** Finishes a task whose node stopped mid-task: ERROR "interrupted", after the undos the handler can do. */
    void recover(ClaimedTask task, String node) {
        List<TaskStep> steps = store.steps(task.id());
        int lastStep = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).seq();
        RunningTask run = open(task, lastStep, store.countLines(task.id(), Level.ERROR),
                store.countLines(task.id(), Level.WARNING));
        try {
            logInterruption(run, task, steps);
            List<TaskStep> undoable = steps.stream().filter(TaskStep::hasUndo)
                    .filter(step -> step.status() != TaskStep.Status.UNDONE)
                    .sorted((a, b) -> b.seq() - a.seq()).toList();
            if (!undoable.isEmpty()) {
                undoAfterInterruption(run, undoable);
            }
        } finally {
            finish(run, node, TaskStatus.ERROR, "interrupted");
        }
    }

    private void logInterruption(RunningTask run, ClaimedTask task, List<TaskStep> steps) {
        TaskStep last = steps.get(steps.size() - 1);
        if (last.status() == TaskStep.Status.RUNNING) {
            store.endStepNow(task.id(), last.seq(), TaskStep.Status.INTERRUPTED);
            run.log().error("Interrupted: node " + task.previousOwner() + " stopped while step '" + last.name()
                    + "' was running.");
        } else {
            run.log().error("Interrupted: node " + task.previousOwner() + " stopped after step '" + last.name() + "'.");
        }
    }

    private void undoAfterInterruption(RunningTask run, List<TaskStep> undoable) {
        Optional<TaskHandler> handler = handlers.find(run.targetType(), run.type());
        if (handler.isEmpty()) {
            run.log().error("No handler for '" + run.type() + "' on this node: nothing was rolled back.");
            return;
        }
        run.log().info("Rolling back " + undoable.size() + " step(s) after the interruption, newest first.");
        for (TaskStep step : undoable) {
            try {
                handler.get().undoAfterInterruption(run, step.name());
                run.log().ok("Undid step '" + step.name() + "'.");
                run.flush(TaskStore.endStep(run.id(), step.seq(), TaskStep.Status.UNDONE));
            } catch (UnsupportedOperationException e) {
                run.log().warning(run.describe(e));
            } catch (Exception | Error e) {
                run.log().error("Undo of step '" + step.name() + "' failed: " + run.describe(e));
                run.flush(TaskStore.endStep(run.id(), step.seq(), TaskStep.Status.UNDO_FAILED));
            }
        }
    }

    private RunningTask open(ClaimedTask task, int lastStep, int errors, int warnings) {
        Map<String, Object> args = Map.of();
        String problem = null;
        try {
            args = json.readValue(task.argsJson(), ARGS);
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        RunningTask run = new RunningTask(task, args == null ? Map.of() : args, json,
                logs.open(task.id(), task.lastLogSeq()), lastStep, errors, warnings, faults);
        if (problem != null) {
            run.log().error("The task's arguments are not a JSON object: " + problem);
        }
        return run;
    }

    private void finish(RunningTask run, String node, TaskStatus derived, String outcome) {
        TaskStatus status = derived;
        String summary = outcome != null ? outcome : run.outcome(status);
        try {
            Boolean recorded = recordEnd(run, node, status, summary);
            if (recorded == null) {
                log.error("Could not record the end of task {}; it will be recovered when its lease expires",
                        run.id());
            } else if (!recorded) {
                log.warn("Task {} ended on {} after another node took it over; its end was not recorded here",
                        run.id(), node);
            }
        } finally {
            run.close();
        }
    }

    /** How long a task whose end cannot be written (the database is unreachable) keeps trying. */
    static final Duration FINISH_PATIENCE = Duration.ofMinutes(10);

    /**
     * Writes the task's last lines and its end, trying again while the database is unreachable, so a task that
     * ran through an outage ends when the database is back instead of waiting for recovery; null when it never
     * could.
     */
    private Boolean recordEnd(RunningTask run, String node, TaskStatus status, String summary) {
        long deadline = System.nanoTime() + FINISH_PATIENCE.toNanos();
        long backoff = 250;
        while (true) {
            try {
                return Boolean.TRUE.equals(transactions.execute(tx -> {
                    run.flush();
                    if (!store.finish(run.id(), node, status, summary)) {
                        return false;
                    }
                    events.publishEvent(new TaskFinished(run.id(), run.type(), run.targetType(), run.targetId(), status));
                    return true;
                }));
            } catch (RuntimeException e) {
                boolean databaseFailure = e instanceof DataAccessException || e instanceof TransactionException;
                if (!databaseFailure || closing || System.nanoTime() > deadline || !waited(backoff)) {
                    return null;
                }
                log.warn("Could not record the end of task {} yet, trying again in {} ms: {}", run.id(), backoff,
                        e.getMessage());
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    @EventListener(ContextClosedEvent.class)
    void onClose() {
        closing = true;
    }

    private static boolean waited(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
