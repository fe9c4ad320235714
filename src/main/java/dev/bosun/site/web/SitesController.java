package dev.bosun.site.web;

import java.io.Serializable;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.site.SiteCronService;
import dev.bosun.site.SiteFilter;
import dev.bosun.site.SiteNotFoundException;
import dev.bosun.site.SitePage;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteSummary;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskNotOfferedException;
import dev.bosun.site.SiteTaskNotPermittedException;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The sites list with each site's Drupal core, last backup and last verify (one query each per page), and the
 * tasks run on the selected sites at once.
 */
@Controller
class SitesController {

    /** The tasks offered on several sites at once. */
    static final List<SiteTaskType> BULK_TYPES = List.of(SiteTaskType.VERIFY, SiteTaskType.BACKUP,
            SiteTaskType.LOGIN_RESET);

    private final SiteQueries sites;
    private final AccountService accounts;
    private final SiteTasks siteTasks;
    private final TaskQueries tasks;
    private final SiteCronService cron;

    SitesController(SiteQueries sites, AccountService accounts, SiteTasks siteTasks, TaskQueries tasks,
                    SiteCronService cron) {
        this.sites = sites;
        this.accounts = accounts;
        this.siteTasks = siteTasks;
        this.tasks = tasks;
        this.cron = cron;
    }

    /** A row of the list: the site and its last verify (null when never). */
    record SiteRow(SiteSummary site, TaskSummary lastVerify) {
    }

    /** How a bulk action went on one site: queued (with its task) or why not. */
    record BulkResult(long siteId, String domain, boolean queued, String message, Long taskId)
            implements Serializable {
    }

    @GetMapping("/sites")
    String list(Principal principal, @RequestParam(required = false) String q,
                @RequestParam(required = false) SiteStatus status, @RequestParam(defaultValue = "0") int page,
                Model model) {
        SiteFilter filter = new SiteFilter(q, status, page, SiteFilter.DEFAULT_SIZE);
        SitePage found = sites.page(filter, accounts.clientScope(principal.getName()));
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", SiteStatus.values());
        model.addAttribute("sites", found);
        model.addAttribute("rows", rows(found.items()));
        model.addAttribute("bulkTypes", BULK_TYPES);
        model.addAttribute("cronRuns", cron.lastRuns(found.items().stream().map(SiteSummary::id).toList()));
        return "site/list";
    }

    private List<SiteRow> rows(List<SiteSummary> items) {
        Map<Long, TaskSummary> lastVerifies = tasks.lastFinished(TargetType.SITE, SiteTaskType.VERIFY.key(),
                items.stream().map(SiteSummary::id).toList());
        return items.stream().map(site -> new SiteRow(site, lastVerifies.get(site.id()))).toList();
    }

    /**
     * Queues one task on each selected site the user may see and run it on: a site whose state, or the user's
     * permissions, do not offer the task is reported on its own line, the others are queued.
     */
    @PostMapping("/sites/bulk")
    String bulk(Principal principal, @RequestParam String action,
                @RequestParam(required = false) List<Long> siteIds, RedirectAttributes redirect) {
        SiteTaskType type = SiteTaskType.fromKey(action).filter(BULK_TYPES::contains).orElse(null);
        if (type == null) {
            redirect.addFlashAttribute("flashError", "Verify, Backup and Login link are the tasks run on several sites"
                    + " at once.");
            return "redirect:/sites";
        }
        if (siteIds == null || siteIds.isEmpty()) {
            redirect.addFlashAttribute("flashError", "Select at least one site.");
            return "redirect:/sites";
        }
        ClientScope scope = accounts.clientScope(principal.getName());
        List<BulkResult> results = new ArrayList<>();
        for (long siteId : siteIds.stream().distinct().toList()) {
            results.add(queue(siteId, type, scope, principal.getName()));
        }
        redirect.addFlashAttribute("bulkType", type.label());
        redirect.addFlashAttribute("bulkResults", results);
        return "redirect:/sites";
    }

    private BulkResult queue(long siteId, SiteTaskType type, ClientScope scope, String user) {
        String domain = sites.find(siteId, scope).map(SiteSummary::domain).orElse("site #" + siteId);
        try {
            SiteTaskArgs args = type == SiteTaskType.BACKUP ? new SiteTaskArgs.Backup(null) : new SiteTaskArgs.None();
            QueuedTask queued = siteTasks.queue(siteId, type, args, scope, user);
            return new BulkResult(siteId, domain, true, queued.created() ? "queued"
                    : "already " + queued.task().status().name().toLowerCase(), queued.task().id());
        } catch (SiteNotFoundException unknown) {
            return new BulkResult(siteId, domain, false, "no such site", null);
        } catch (SiteTaskNotOfferedException | SiteTaskNotPermittedException | InvalidInputException refused) {
            return new BulkResult(siteId, domain, false, refused.getMessage(), null);
        }
    }
}
