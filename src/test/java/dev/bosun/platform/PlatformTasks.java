package dev.bosun.platform;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;

import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;

/** Waits for tasks the dispatcher runs, and reads their logs. */
final class PlatformTasks {

    private final TaskQueries queries;

    PlatformTasks(TaskQueries queries) {
        this.queries = queries;
    }

    TaskDetails awaitEnd(long taskId) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> queries.status(taskId).map(TaskStatus::isFinished).orElse(false));
        return queries.find(taskId, null).orElseThrow();
    }

    List<String> messages(long taskId, TaskLogLine.Level level) {
        return log(taskId).stream().filter(line -> line.level() == level).map(TaskLogLine::message).toList();
    }

    String text(long taskId) {
        return String.join("\n", log(taskId).stream()
                .map(line -> line.level() + " [" + line.step() + "] " + line.message()).toList());
    }

    private List<TaskLogLine> log(long taskId) {
        return queries.log(taskId, 0, 10_000);
    }
}
