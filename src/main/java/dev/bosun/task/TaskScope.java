package dev.bosun.task;

import java.util.List;

/**
 * Which tasks a caller sees: those on the listed clients' sites (null: every client's) and, for
 * administrators only, the tasks on servers.
 */
public record TaskScope(List<Long> clientIds, boolean servers) {

    public static final TaskScope ALL = new TaskScope(null, true);

    public TaskScope {
        clientIds = clientIds == null ? null : List.copyOf(clientIds);
    }
}
