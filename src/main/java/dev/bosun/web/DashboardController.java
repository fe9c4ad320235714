package dev.bosun.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.task.TaskQueries;
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
        model.addAttribute("queue", tasks.queueOverview(RECENT_TASKS, scope.filterOrNull()));
        return "web/dashboard";
    }

    @GetMapping("/fragments/queue")
    String queueFragment(Principal principal, Model model) {
        ClientScope scope = accounts.clientScope(principal.getName());
        model.addAttribute("queue", tasks.queueOverview(RECENT_TASKS, scope.filterOrNull()));
        return "web/queue-fragment";
    }
}
