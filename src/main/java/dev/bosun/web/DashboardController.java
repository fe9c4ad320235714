package dev.bosun.web;

import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.account.Role;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformService;
import dev.bosun.site.SitesWithoutBackup;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskFilter;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskScope;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class DashboardController {

    static final int RECENT_TASKS = 10;
    static final int ATTENTION_ITEMS = 10;
    static final Duration ATTENTION_WINDOW = Duration.ofDays(7);

    private final TaskQueries tasks;
    private final FleetCounts fleetCounts;
    private final AccountService accounts;
    private final SitesWithoutBackup sitesWithoutBackup;
    private final PlatformService platforms;
    private final Clock clock;

    DashboardController(TaskQueries tasks, FleetCounts fleetCounts, AccountService accounts,
                        SitesWithoutBackup sitesWithoutBackup, PlatformService platforms, Clock clock) {
        this.tasks = tasks;
        this.fleetCounts = fleetCounts;
        this.accounts = accounts;
        this.sitesWithoutBackup = sitesWithoutBackup;
        this.platforms = platforms;
        this.clock = clock;
    }

    @GetMapping("/")
    String dashboard(Principal principal, Model model) {
        ClientScope scope = accounts.clientScope(principal.getName());
        model.addAttribute("stats", fleetCounts.current(scope));
        model.addAttribute("queue", tasks.queueOverview(RECENT_TASKS, taskScope(principal, scope)));
        addAttention(principal, scope, model);
        return "web/dashboard";
    }

    /**
     * "Needs attention": the tasks that failed in the last week, the enabled sites without a backup in the last
     * week, and (for staff) the platforms whose latest verify failed.
     */
    private void addAttention(Principal principal, ClientScope scope, Model model) {
        Instant weekAgo = clock.instant().minus(ATTENTION_WINDOW);
        List<TaskSummary> failed = tasks.page(new TaskFilter(TaskStatus.ERROR, null, null, null, 0, ATTENTION_ITEMS),
                        taskScope(principal, scope)).items().stream()
                .filter(task -> task.createdAt().isAfter(weekAgo)).toList();
        SitesWithoutBackup.Found unbacked = sitesWithoutBackup.since(weekAgo, scope, ATTENTION_ITEMS);
        List<Platform> broken = List.of();
        if (Role.isStaff(principal)) {
            List<Platform> live = platforms.list();
            Map<Long, TaskSummary> verifies = tasks.lastFinished(TargetType.PLATFORM, "verify",
                    live.stream().map(Platform::id).toList());
            broken = live.stream().filter(platform -> verifies.containsKey(platform.id())
                    && verifies.get(platform.id()).status() == TaskStatus.ERROR).toList();
        }
        model.addAttribute("failedTasks", failed);
        model.addAttribute("unbacked", unbacked);
        model.addAttribute("brokenPlatforms", broken);
        model.addAttribute("needsAttention", !failed.isEmpty() || unbacked.total() > 0 || !broken.isEmpty());
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
