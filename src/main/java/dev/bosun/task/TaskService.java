package dev.bosun.task;

import java.util.Optional;
import java.util.regex.Pattern;

import dev.bosun.account.AuditLog;
import dev.bosun.task.TaskLogLine.Level;
import dev.bosun.task.internal.Dispatcher;
import dev.bosun.task.internal.TaskHandlers;
import dev.bosun.task.internal.TaskLogWriter;
import dev.bosun.task.internal.TaskStore;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The task queue: queue a task (idempotent per target and type while one is open), retry a
 * failed one, cancel a queued one, look one up. The dispatcher starts a queued task as soon as
 * the transaction that queued it commits.
 */
@Service
public class TaskService {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9-]{0,49}");

    private final TaskStore store;
    private final TaskHandlers handlers;
    private final TaskQueries queries;
    private final Dispatcher dispatcher;
    private final TaskLogWriter logs;
    private final AuditLog auditLog;
    private final ApplicationEventPublisher events;
    private final JsonMapper json;

    TaskService(TaskStore store, TaskHandlers handlers, TaskQueries queries, Dispatcher dispatcher,
                TaskLogWriter logs, AuditLog auditLog, ApplicationEventPublisher events, JsonMapper json) {
        this.store = store;
        this.handlers = handlers;
        this.queries = queries;
        this.dispatcher = dispatcher;
        this.logs = logs;
        this.auditLog = auditLog;
        this.events = events;
        this.json = json;
    }

    /**
     * Queues a task, or returns the task of the same type already queued or running for the
     * target ({@link QueuedTask#created()} false). Refuses a type no handler runs.
     */
    @Transactional
    public QueuedTask queue(TaskRequest request) {
        validate(request);
        return insert(request, request.requestedBy() != null ? request.requestedBy() : currentUser(), null);
    }

    /** Whether a handler runs tasks of this type on this kind of target. */
    public boolean handles(TargetType targetType, String type) {
        return handlers.find(targetType, type).isPresent();
    }

    /** Queues a new task with the same arguments as a task that ended in ERROR. */
    @Transactional
    public QueuedTask retry(long id) {
        TaskDetails failed = queries.find(id, null).orElseThrow(() -> new TaskNotFoundException(id));
        if (failed.status() != TaskStatus.ERROR) {
            throw new TaskStateException(failed.summary(), "Only a task that ended in error can be retried; task "
                    + id + " is " + failed.status().name().toLowerCase() + ".");
        }
        TaskRequest request = new TaskRequest(failed.type(), failed.targetType(),
                failed.targetId(), failed.siteId(), failed.serverId(), failed.args(), currentUser(),
                failed.targetLabel(), store.clientId(id).orElse(null));
        handlers.require(request.targetType(), request.type());
        QueuedTask queued = insert(request, request.requestedBy(), id);
        if (queued.created()) {
            auditLog.record("task.retry", "task", id, "queued as task " + queued.task().id());
        }
        return queued;
    }

    /**
     * Lists the tasks of a target under its new label (a site's new domain after a migrate), so
     * that its history and its open tasks show what it is called now.
     */
    @Transactional
    public void relabel(TargetType targetType, long targetId, String label) {
        store.relabel(targetType, targetId, label);
    }

    /** Cancels a task that has not started yet. */
    @Transactional
    public TaskSummary cancel(long id) {
        if (!store.cancel(id)) {
            TaskSummary task = queries.summary(id).orElseThrow(() -> new TaskNotFoundException(id));
            throw new TaskStateException(task, "Only a queued task can be cancelled; task " + id + " is "
                    + task.status().name().toLowerCase() + ".");
        }
        String user = currentUser();
        logs.appendNow(id, Level.INFO, "Cancelled by " + user + ".");
        auditLog.record("task.cancel", "task", id, null);
        TaskSummary task = queries.summary(id).orElseThrow(() -> new TaskNotFoundException(id));
        events.publishEvent(new TaskFinished(id, task.type(), task.targetType(), task.targetId(),
                TaskStatus.CANCELLED));
        return task;
    }

    @Transactional(readOnly = true)
    public Optional<TaskDetails> find(long id) {
        return queries.find(id, null);
    }

    private QueuedTask insert(TaskRequest request, String requestedBy, Long retryOf) {
        String args = json.writeValueAsString(request.args());
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Long> created = store.insert(request, args, requestedBy, retryOf);
            if (created.isPresent()) {
                store.notifyQueued();
                wakeAfterCommit();
                return new QueuedTask(queries.summary(created.get()).orElseThrow(), true);
            }
            Optional<TaskSummary> open = store.findOpen(request.targetType(), request.targetId(), request.type())
                    .flatMap(queries::summary);
            if (open.isPresent()) {
                return new QueuedTask(open.get(), false);
            }
        }
        throw new IllegalStateException("Could not queue " + request.type() + " for " + request.targetType() + " "
                + request.targetId() + ": the open task kept changing");
    }

    private void wakeAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.wake();
            }
        });
    }

    private void validate(TaskRequest request) {
        if (request.type() == null || !TYPE.matcher(request.type()).matches()) {
            throw new IllegalArgumentException("A task type is lowercase letters, digits and dashes, not '"
                    + request.type() + "'.");
        }
        if (request.targetType() == null || request.targetId() <= 0) {
            throw new IllegalArgumentException("A task needs a target (site, platform or server) and its id.");
        }
        if (request.targetType() == TargetType.SITE && request.siteId() != null
                && request.siteId() != request.targetId()) {
            throw new IllegalArgumentException("A site task's siteId must be its target.");
        }
        handlers.require(request.targetType(), request.type());
    }

    private static String currentUser() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? "system" : authentication.getName();
    }
}
