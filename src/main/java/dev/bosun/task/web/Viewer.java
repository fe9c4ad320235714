package dev.bosun.task.web;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import java.util.List;

import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskScope;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/** Who is looking: which tasks they may see (CLIENT users: their clients' sites) and whether they may act on them. */
@Component
class Viewer {

    private final AccountService accounts;

    Viewer(AccountService accounts) {
        this.accounts = accounts;
    }

    /** The tasks the user sees: CLIENT users their clients' sites', OPERATOR users all but servers'. */
    TaskScope scope(Authentication user) {
        return new TaskScope(accounts.clientScope(user.getName()).filterOrNull(),
                Role.ADMIN.heldBy(user));
    }

    /** Client users see a task's log and outcome through {@link ClientLogView}; staff see them whole. */
    List<TaskLogLine> lines(Authentication user, List<TaskLogLine> lines) {
        return Role.isStaff(user) ? lines : ClientLogView.lines(lines);
    }

    TaskDetails details(Authentication user, TaskDetails task) {
        return Role.isStaff(user) ? task : ClientLogView.details(task);
    }

    /** ADMIN and OPERATOR users retry and cancel tasks; CLIENT users only watch. */
    boolean mayAct(Authentication user) {
        return Role.isStaff(user);
    }
}
