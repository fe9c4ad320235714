package dev.bosun.site;

import java.util.List;
import java.util.Optional;

import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;

/**
 * What a site's page says about its tasks: the one that runs now (if any), those waiting, how the latest finished
 * one ended, and whether the site's install failed (the site is then still QUEUED but shown as failed, with the
 * reason, and offers a retry or a delete).
 */
public record SiteActivity(TaskSummary running, List<TaskSummary> waiting, TaskDetails lastFinished,
                           TaskDetails failedInstall) {

    /** The task running now, as a sentence: "In maintenance: migrating", "Busy: verifying". */
    public Optional<String> runningText() {
        return Optional.ofNullable(running).map(task -> SiteTaskType.fromKey(task.type())
                .map(type -> (type.maintenance() ? "In maintenance: " : "Busy: ") + type.doing())
                .orElse("Busy: " + task.type()));
    }

    /** The open task a new one would queue after, by its label ("Migrate"); empty when nothing is open. */
    public Optional<String> queuesAfter() {
        TaskSummary last = waiting.isEmpty() ? running : waiting.get(waiting.size() - 1);
        return Optional.ofNullable(last).map(task -> SiteTaskType.fromKey(task.type()).map(SiteTaskType::label)
                .orElse(task.type()));
    }

    /** Whether the latest finished task ended other than well (its outcome is then worth reading). */
    public boolean lastFinishedTroubled() {
        return lastFinished != null && (lastFinished.status() == TaskStatus.ERROR
                || lastFinished.status() == TaskStatus.WARNING);
    }
}
