package dev.bosun.notify.internal;

import dev.bosun.notify.Notifications;
import dev.bosun.task.TaskFinished;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Hears a task end ERROR once its end is committed, on the node that recorded it (the event is not shared
 * between nodes, and only one node can record a task's end), and hands the report to the notification pool.
 */
@Component
class TaskFailureListener {

    private final Notifications notifications;
    private final TaskQueries tasks;
    private final Deliveries deliveries;

    TaskFailureListener(Notifications notifications, TaskQueries tasks, Deliveries deliveries) {
        this.notifications = notifications;
        this.tasks = tasks;
        this.deliveries = deliveries;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(TaskFinished finished) {
        if (finished.status() != TaskStatus.ERROR) {
            return;
        }
        deliveries.submit("task " + finished.id() + " failed",
                () -> tasks.summary(finished.id()).ifPresent(notifications::taskFailed));
    }
}
