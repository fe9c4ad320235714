package dev.bosun.platform.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.task.QueuedTask;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Queues platform tasks through the task module (the load goes to the platform's server, the task
 * is listed under the platform's name) and reads the platform's open and recent tasks from it.
 */
@Component
public class PlatformTaskQueue {

    // Looked up when first used: the task service collects every task handler, and site task handlers
    // use the platform service, which uses this queue.
    private final ObjectProvider<TaskService> tasks;
    private final TaskQueries queries;

    PlatformTaskQueue(ObjectProvider<TaskService> tasks, TaskQueries queries) {
        this.tasks = tasks;
        this.queries = queries;
    }

    /** Queues the task, or returns the same task already queued or running on the platform. */
    public QueuedTask queue(long platformId, String platformName, String type, long serverId, String requestedBy) {
        return tasks.getObject().queue(new TaskRequest(type, TargetType.PLATFORM, platformId, null, serverId, Map.of(),
                requestedBy).listedAs(platformName, null));
    }

    /** The status of each task type that is queued or running on the platform. */
    public Map<String, TaskStatus> open(long platformId) {
        Map<String, TaskStatus> open = new LinkedHashMap<>();
        queries.openTasks(TargetType.PLATFORM, platformId).forEach((type, task) -> open.put(type, task.status()));
        return open;
    }

    /** The platform's latest tasks, newest first. */
    public List<TaskSummary> recent(long platformId, int limit) {
        return queries.latest(TargetType.PLATFORM, platformId, limit);
    }
}
