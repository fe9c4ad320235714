package dev.bosun.task.web;

import java.util.List;

import dev.bosun.task.ClientRedaction;
import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskLogLine.Level;

/**
 * What a client user sees of a task: the log without the commands the panel ran (their command lines, logged
 * as {@code $ …}, and their output) and with every absolute file path (the panel's home, the servers'
 * platform, vhost and backup directories) replaced by {@value #PATH}; the outcome redacted the same way, and
 * no node name. Staff see everything. The one place this rule lives.
 */
final class ClientLogView {

    static final String PATH = ClientRedaction.PATH;

    private ClientLogView() {
    }

    static List<TaskLogLine> lines(List<TaskLogLine> lines) {
        return lines.stream().filter(ClientLogView::shown).map(line -> new TaskLogLine(line.taskId(), line.seq(),
                line.at(), line.level(), line.step(), redact(line.message()))).toList();
    }

    static TaskDetails details(TaskDetails task) {
        return new TaskDetails(task.id(), task.type(), task.targetType(), task.targetId(), task.targetLabel(),
                task.siteId(), task.serverId(), task.status(), task.requestedBy(), task.createdAt(), task.startedAt(),
                task.finishedAt(), task.attempt(), task.args(), task.currentStep(), redact(task.outcome()), null,
                task.retryOf(), task.logPurged(), task.steps());
    }

    static String redact(String text) {
        return ClientRedaction.paths(text);
    }

    private static boolean shown(TaskLogLine line) {
        return line.level() != Level.OUTPUT && !(line.level() == Level.INFO && line.message() != null
                && line.message().startsWith("$ "));
    }
}
