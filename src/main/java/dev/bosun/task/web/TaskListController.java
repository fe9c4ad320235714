package dev.bosun.task.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.task.TaskQueries;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class TaskListController {

    private final TaskQueries tasks;
    private final AccountService accounts;

    TaskListController(TaskQueries tasks, AccountService accounts) {
        this.tasks = tasks;
        this.accounts = accounts;
    }

    @GetMapping("/tasks")
    String tasks(Principal principal, Model model) {
        model.addAttribute("queue", tasks.queueOverview(50, accounts.clientScope(principal.getName()).filterOrNull()));
        return "task/list";
    }
}
