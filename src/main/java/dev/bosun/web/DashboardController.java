package dev.bosun.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.account.Role;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskScope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DashboardController {

    static final int RECENT_TASKS = 10;

    private final TaskQueries tasks;
    private final FleetCounts fleetCounts;
    private final AccountService accounts;

    DashboardController(TaskQueries tasks, FleetCounts fleetCounts, AccountService accounts) {
        this.tasks = tasks;
        this.fleetCounts = fleetCounts;
        this.accounts = accounts;
    }

    @GetMapping("/")
    String dashboard(Principal principal, Model model) {
        ClientScope scope = accounts.clientScope(principal.getName());
        model.addAttribute("stats", fleetCounts.current(scope));
        model.addAttribute("queue", tasks.queueOverview(RECENT_TASKS, taskScope(principal, scope)));
        return "web/dashboard";
    }

    /** Server tasks are for administrators only. */
    private static TaskScope taskScope(Principal principal, ClientScope scope) {
        return new TaskScope(scope.filterOrNull(), Role.ADMIN.heldBy(principal));
    }

    @GetMapping("/fragments/queue")
    String queueFragment(Principal principal, Model model) {
        ClientScope scope = accounts.clientScope(principal.getName());
        model.addAttribute("queue", tasks.queueOverview(RECENT_TASKS, taskScope(principal, scope)));
        return "web/queue-fragment";
    }
}
