package dev.bosun.task;

import java.util.List;

/** The queue block: what runs now, what waits, what finished last. */
public record QueueOverview(List<TaskSummary> processing, List<TaskSummary> queued, List<TaskSummary> recent) {

    public boolean isEmpty() {
        return processing.isEmpty() && queued.isEmpty() && recent.isEmpty();
    }
}
