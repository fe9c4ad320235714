package dev.bosun.site.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.FormTargets;
import dev.bosun.account.Role;
import dev.bosun.backup.BackupService;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteSummary;
import dev.bosun.site.SiteTaskNotOfferedException;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.site.SiteNotFoundException;
import dev.bosun.task.QueuedTask;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SiteController {

    private final SiteQueries sites;
    private final SiteTasks siteTasks;
    private final AccountService accounts;
    private final BackupService backups;

    SiteController(SiteQueries sites, SiteTasks siteTasks, AccountService accounts, BackupService backups) {
        this.sites = sites;
        this.siteTasks = siteTasks;
        this.accounts = accounts;
        this.backups = backups;
    }

    /** The site's page; its "Go to"/"Log in to" form is answered with a redirect to the site, which the CSP allows. */
    @GetMapping("/sites/{id}")
    String show(@PathVariable long id, Principal principal, Model model, HttpServletRequest request) {
        SiteSummary site = sites.get(id, accounts.clientScope(principal.getName()));
        FormTargets.allow(request, site.url());
        if (site.loginUrl() != null) {
            FormTargets.allow(request, site.loginUrl());
        }
        model.addAttribute("site", site);
        model.addAttribute("aliases", sites.aliases(id));
        var buttons = siteTasks.buttons(site);
        model.addAttribute("buttons", buttons);
        model.addAttribute("busy", buttons.stream().anyMatch(button -> !button.offered()));
        model.addAttribute("history", siteTasks.history(id, 0));
        model.addAttribute("backups", backups.listForSite(id).stream().map(BackupRow::of).toList());
        // only administrators download backups: an archive holds the site's database and secrets
        model.addAttribute("canDownloadBackups", Role.ADMIN.heldBy(principal));
        return "site/show";
    }

    /** The task block and history, refreshed while tasks run. */
    @GetMapping("/sites/{id}/live")
    String live(@PathVariable long id, Principal principal, Model model, HttpServletRequest request) {
        show(id, principal, model, request);
        return "site/show :: live";
    }

    @PostMapping("/sites/{id}/tasks/{type}")
    String queue(@PathVariable long id, @PathVariable String type, @RequestParam Map<String, String> form,
                 @RequestParam(name = "backupIds", required = false) List<Long> backupIds, Principal principal,
                 RedirectAttributes redirect) {
        SiteTaskType taskType = SiteTaskType.fromKey(type).orElseThrow(() -> new SiteNotFoundException(id));
        Map<String, Object> args = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (!key.equals("_csrf") && !key.equals("backupIds")) {
                args.put(key, value);
            }
        });
        if (backupIds != null) {
            args.put("backupIds", backupIds);
        }
        try {
            QueuedTask queued = siteTasks.queue(id, taskType, args, accounts.clientScope(principal.getName()),
                    principal.getName());
            redirect.addFlashAttribute("flash", queued.created()
                    ? taskType.label() + " queued."
                    : taskType.label() + " is already " + queued.task().status().name().toLowerCase() + ".");
        } catch (SiteTaskNotOfferedException | InvalidInputException refused) {
            redirect.addFlashAttribute("flashError", refused.getMessage());
        }
        return "redirect:/sites/" + id;
    }
}
