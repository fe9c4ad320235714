package dev.bosun.task.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.DatabaseUnreachable;
import dev.bosun.task.JournalEntry;
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
 * Runs a claimed task through its handler, settles a failure from the task's journal (rolled back before
 * its point of no return, carried forward after it), and records the end; also finishes the tasks of a
 * node that died the same way, from the journal as stored.
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
        RunningTask run = open(task, 0, 0, 0, 0);
        try {
            Optional<TaskHandler> handler = handlers.find(task.targetType(), task.type());
            if (run.derivedStatus() == TaskStatus.ERROR) {
                finish(run, node, run.derivedStatus(), null);
                return;
            }
            if (handler.isEmpty()) {
                run.log().error("This node has no handler for " + task.targetType().name().toLowerCase() + " task '"
                        + task.type() + "'.");
            } else {
                execute(handler.get(), run);
            }
        } catch (StepFaults.SimulatedCrash crash) {
            log.warn("Task {}: {}; left to recovery", run.id(), crash.getMessage());
            run.flush();
            run.close();
            faults.recordCrash(run.id());
            return;
        }
        finish(run, node, run.derivedStatus(), null);
    }

    private void execute(TaskHandler handler, RunningTask run) {
        try {
            handler.run(run);
        } catch (RunningTask.StepFailedException e) {
            settleWhenReachable(handler, run);
        } catch (StepFaults.SimulatedCrash crash) {
            throw crash;
        } catch (Exception | Error e) {
            if (DatabaseUnreachable.causes(e)) {
                run.log().error("Task failed: the panel's database could not be reached (" + run.describe(e) + ").");
            } else {
                run.log().error("Task failed: " + run.describe(e));
            }
            log.debug("Task {} failed outside a step: {}", run.id(), e.getClass().getName());
            settleWhenReachable(handler, run);
        }
    }

    /**
     * Settles a failed task, waiting while the panel's database is unreachable (its journal and log live there):
     * the node keeps the task and ends it itself once the database is back, rather than leaving it to recovery
     * as if the node had died.
     */
    private void settleWhenReachable(TaskHandler handler, RunningTask run) {
        long deadline = System.nanoTime() + FINISH_PATIENCE.toNanos();
        long backoff = 250;
        while (true) {
            try {
                settle(handler, run);
                return;
            } catch (RuntimeException e) {
                if (!DatabaseUnreachable.causes(e) || closing || System.nanoTime() > deadline || !waited(backoff)) {
                    throw e;
                }
                log.warn("Task {}: the panel's database is unreachable; settling the task when it is back, next try "
                        + "in {} ms: {}", run.id(), backoff, e.getMessage());
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    /** After a failure: rolled back from the journal before the point of no return, carried forward after it. */
    private void settle(TaskHandler handler, RunningTask run) {
        List<JournalEntry> journal = run.journal();
        if (passedPointOfNoReturn(journal)) {
            carryForward(handler, run, journal);
        } else {
            rollBack(handler, run, journal, false);
        }
    }

    /**
     * Finishes a task whose node stopped mid-task: first stops what the task may still run elsewhere,
     * then, from the stored journal, undoes its changes (before its point of no return; ERROR
     * "interrupted") or carries it forward (after it).
     */
    void recover(ClaimedTask task, String node) {
        List<TaskStep> steps = store.steps(task.id());
        int lastStep = steps.isEmpty() ? 0 : steps.get(steps.size() - 1).seq();
        RunningTask run = open(task, lastStep, store.lastJournalSeq(task.id()), store.countLines(task.id(), Level.ERROR),
                store.countLines(task.id(), Level.WARNING));
        TaskStatus status = TaskStatus.ERROR;
        String outcome = "interrupted";
        try {
            List<JournalEntry> journal = run.journal();
            boolean forward = passedPointOfNoReturn(journal);
            logInterruption(run, task, steps, forward);
            Optional<TaskHandler> handler = handlers.find(run.targetType(), run.type());
            if (handler.isEmpty()) {
                run.log().error("No handler for '" + run.type() + "' on this node: nothing was rolled back or "
                        + "carried forward.");
                reportLeft(run, journal);
                return;
            }
            try {
                handler.get().beforeTakeOver(run);
            } catch (Exception | Error e) {
                run.log().error("Could not stop what the task still ran: " + run.describe(e)
                        + "; recovering anyway.");
            }
            if (forward) {
                carryForward(handler.get(), run, journal);
                status = run.derivedStatus();
                outcome = status == TaskStatus.ERROR ? run.outcome(status) : "interrupted; carried forward";
            } else {
                rollBack(handler.get(), run, journal, true);
            }
        } catch (Exception | Error e) {
            run.log().error("Recovery failed: " + run.describe(e));
            status = TaskStatus.ERROR;
        } finally {
            finish(run, node, status, outcome);
        }
    }

    private void logInterruption(RunningTask run, ClaimedTask task, List<TaskStep> steps, boolean forward) {
        TaskStep last = steps.get(steps.size() - 1);
        String where;
        if (last.status() == TaskStep.Status.RUNNING) {
            store.endStepNow(task.id(), last.seq(), TaskStep.Status.INTERRUPTED);
            where = "while step '" + last.name() + "' was running";
        } else {
            where = "after step '" + last.name() + "'";
        }
        String line = "Interrupted: node " + task.previousOwner() + " stopped " + where + ".";
        if (forward) {
            run.log().warning(line + " The task had passed its point of no return.");
        } else {
            run.log().error(line);
        }
    }

    private static boolean passedPointOfNoReturn(List<JournalEntry> journal) {
        return journal.stream().anyMatch(JournalEntry::isPointOfNoReturn);
    }

    /**
     * Undoes the standing journal entries newest first, each through the handler; a line says "Undid"
     * only when that undo ran and succeeded, and a step is UNDONE only when all its entries were undone.
     */
    private void rollBack(TaskHandler handler, RunningTask run, List<JournalEntry> journal, boolean sayNothingLeft) {
        List<JournalEntry> standing = journal.stream().filter(entry -> !entry.isPointOfNoReturn())
                .filter(JournalEntry::isStanding).sorted(Comparator.comparingInt(JournalEntry::seq).reversed())
                .toList();
        if (standing.isEmpty()) {
            if (sayNothingLeft) {
                run.log().info("Nothing to roll back: the task's journal records no change that stands.");
            }
            return;
        }
        run.log().info("Rolling back " + standing.size() + " recorded change(s), newest first.");
        Map<Integer, TaskStep.Status> stepOutcome = new LinkedHashMap<>();
        Map<Integer, String> stepNames = new LinkedHashMap<>();
        for (JournalEntry entry : standing) {
            String where = entry.step() == null ? "" : " (step '" + entry.step() + "')";
            boolean undone;
            try {
                handler.undo(run, entry);
                run.mark(entry, JournalEntry.Status.UNDONE);
                run.log().ok("Undid: " + entry.what() + where + ".");
                undone = true;
            } catch (Exception | Error e) {
                run.mark(entry, JournalEntry.Status.UNDO_FAILED);
                run.log().error("Could not undo: " + entry.what() + where + " is left as it is: " + run.describe(e));
                undone = false;
            }
            if (entry.stepSeq() > 0) {
                stepNames.put(entry.stepSeq(), entry.step());
                stepOutcome.merge(entry.stepSeq(), undone ? TaskStep.Status.UNDONE : TaskStep.Status.UNDO_FAILED,
                        (a, b) -> a == TaskStep.Status.UNDO_FAILED || b == TaskStep.Status.UNDO_FAILED
                                ? TaskStep.Status.UNDO_FAILED : TaskStep.Status.UNDONE);
            }
        }
        stepOutcome.forEach((seq, outcome) -> run.flush(TaskStore.endStep(run.id(), seq, outcome)));
    }

    private void carryForward(TaskHandler handler, RunningTask run, List<JournalEntry> journal) {
        JournalEntry point = journal.stream().filter(JournalEntry::isPointOfNoReturn).findFirst().orElseThrow();
        run.log().info("Carrying the task forward from its point of no return (" + point.what() + ").");
        try {
            handler.carryForward(run, journal);
        } catch (Exception | Error e) {
            run.log().error("Could not carry the task forward: " + run.describe(e));
        }
    }

    /** Names, as error lines, what the journal says may be left when nothing could roll it back. */
    private void reportLeft(RunningTask run, List<JournalEntry> journal) {
        journal.stream().filter(entry -> !entry.isPointOfNoReturn()).filter(JournalEntry::isStanding)
                .forEach(entry -> run.log().error("Left as it is: " + entry.what()
                        + (entry.step() == null ? "" : " (step '" + entry.step() + "')") + "."));
    }

    private RunningTask open(ClaimedTask task, int lastStep, int lastJournalSeq, int errors, int warnings) {
        Map<String, Object> args = Map.of();
        String problem = null;
        try {
            args = json.readValue(task.argsJson(), ARGS);
        } catch (RuntimeException e) {
            problem = e.getMessage();
        }
        RunningTask run = new RunningTask(task, args == null ? Map.of() : args, json,
                logs.open(task.id(), task.lastLogSeq()), lastStep, lastJournalSeq, errors, warnings, faults, store);
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
                boolean databaseFailure = e instanceof DataAccessException || e instanceof TransactionException
                        || DatabaseUnreachable.causes(e);
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
