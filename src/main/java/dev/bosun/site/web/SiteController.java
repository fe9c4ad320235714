package dev.bosun.site.web;

import java.security.Principal;
import java.util.List;
import java.util.stream.Stream;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.account.FormTargets;
import dev.bosun.account.Role;
import dev.bosun.backup.BackupService;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.ServerService;
import dev.bosun.site.SiteActivity;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteService;
import dev.bosun.site.SiteSummary;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskNotOfferedException;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.site.SiteNotFoundException;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskStatus;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SiteController {

    private final SiteQueries sites;
    private final SiteTasks siteTasks;
    private final AccountService accounts;
    static final int BACKUPS_SHOWN = 20;

    private final BackupService backups;
    private final ServerService servers;
    private final MessageSource messages;
    private final SiteService siteService;

    SiteController(SiteQueries sites, SiteTasks siteTasks, AccountService accounts, BackupService backups,
                   ServerService servers, MessageSource messages, SiteService siteService) {
        this.siteService = siteService;
        this.servers = servers;
        this.messages = messages;
        this.sites = sites;
        this.siteTasks = siteTasks;
        this.accounts = accounts;
        this.backups = backups;
    }

    /** The site's page; its "Go to"/"Log in to" form is answered with a redirect to the site, which the CSP allows. */
    @GetMapping("/sites/{id}")
    String show(@PathVariable long id, @RequestParam(required = false) Long queued,
                @RequestParam(defaultValue = "false") boolean allBackups, Principal principal, Model model,
                HttpServletRequest request) {
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        FormTargets.allow(request, site.url());
        if (site.loginUrl() != null) {
            FormTargets.allow(request, site.loginUrl());
        }
        model.addAttribute("site", site);
        var aliases = sites.aliases(id);
        model.addAttribute("aliases", aliases);
        model.addAttribute("aliasesText", String.join("\n", aliases.stream().map(SiteAlias::alias).toList()));
        model.addAttribute("pendingUpdates", sites.pendingDatabaseUpdates(id).orElse(0));
        model.addAttribute("webServerName", servers.names(List.of(site.webServerId())).get(site.webServerId()));
        model.addAttribute("dbServerId", servers.dbService(site.dbServiceId()).map(DbServiceInfo::serverId)
                .orElse(null));
        var buttons = siteTasks.buttons(site, scope);
        model.addAttribute("buttons", buttons);
        model.addAttribute("busy", buttons.stream().anyMatch(button -> !button.offered()));
        model.addAttribute("history", siteTasks.history(id, 0));
        SiteActivity activity = siteTasks.activity(site);
        model.addAttribute("activity", activity);
        addQueuedNote(activity, queued, model);
        model.addAttribute("liveUrl", "/sites/" + id + "/live" + (queued == null ? "" : "?queued=" + queued));
        // The newest ones on the page (a site backed up daily for years has thousands), all on request.
        var siteBackups = backups.listForSite(id);
        model.addAttribute("backupCount", siteBackups.size());
        model.addAttribute("backups", (allBackups ? siteBackups
                : siteBackups.subList(0, Math.min(siteBackups.size(), BACKUPS_SHOWN))).stream().map(BackupRow::of).toList());
        // only administrators download backups: an archive holds the site's database and secrets
        model.addAttribute("canDownloadBackups", Role.ADMIN.heldBy(principal));
        return "site/show";
    }

    /** The task block and history, refreshed while tasks run. */
    @GetMapping("/sites/{id}/live")
    String live(@PathVariable long id, @RequestParam(required = false) Long queued, Principal principal, Model model,
                HttpServletRequest request) {
        show(id, queued, false, principal, model, request);
        return "site/show :: live";
    }

    /**
     * The note about the task just queued from this page ({@code ?queued=} after the redirect): shown while that
     * task is queued or running, gone once it ended, so it never tells of a task that is over.
     */
    private static void addQueuedNote(SiteActivity activity, Long queued, Model model) {
        if (queued == null) {
            return;
        }
        Stream.concat(Stream.ofNullable(activity.running()),
                        activity.waiting().stream())
                .filter(task -> task.id() == queued).findFirst()
                .ifPresent(task -> {
                    model.addAttribute("queuedTask", task);
                    model.addAttribute("queuedNote", SiteTaskType.fromKey(task.type()).map(SiteTaskType::label)
                            .orElse(task.type()) + (task.status() == TaskStatus.QUEUED ? " is queued." : " is running."));
                });
    }

    /** The aliases dialog: one alias per line, and whether they redirect to the main domain. */
    record AliasesForm(String aliases, boolean redirect) {
    }

    /** Replaces the site's aliases (administrators and operators) and queues the verify that writes them. */
    @PostMapping("/sites/{id}/aliases")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    String changeAliases(@PathVariable long id, @ModelAttribute AliasesForm form, Principal principal,
                         RedirectAttributes redirect) {
        try {
            var verify = siteService.changeAliases(id, List.of(form.aliases() == null ? "" : form.aliases()),
                    form.redirect(), accounts.clientScope(principal.getName()), principal.getName());
            redirect.addFlashAttribute("flash", "Aliases saved.");
            return verify.map(queued -> redirectQueued(id, queued)).orElse("redirect:/sites/" + id);
        } catch (InvalidInputException refused) {
            redirect.addFlashAttribute("flashError", String.join(" ", refused.violations().stream()
                    .map(InvalidInputException.Violation::message).toList()));
        } catch (SiteTaskNotOfferedException refused) {
            redirect.addFlashAttribute("flashError", refused.getMessage());
        }
        return "redirect:/sites/" + id;
    }

    /** The backup dialog: an optional description. */
    record BackupForm(String description) {
    }

    /** The restore dialog: the chosen backup. */
    record RestoreForm(Long backupId) {
    }

    /** The delete-backups dialog: the ticked backups. */
    record BackupDeleteForm(List<Long> backupIds) {
    }

    @PostMapping("/sites/{id}/tasks/backup")
    String backup(@PathVariable long id, @ModelAttribute BackupForm form, BindingResult result, Principal principal,
                  RedirectAttributes redirect) {
        return queue(id, SiteTaskType.BACKUP, new SiteTaskArgs.Backup(form.description()), result, principal,
                redirect);
    }

    @PostMapping("/sites/{id}/tasks/restore")
    String restore(@PathVariable long id, @ModelAttribute RestoreForm form, BindingResult result, Principal principal,
                   RedirectAttributes redirect) {
        return queue(id, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(form.backupId()), result, principal,
                redirect);
    }

    @PostMapping("/sites/{id}/tasks/backup-delete")
    String deleteBackups(@PathVariable long id, @ModelAttribute BackupDeleteForm form, BindingResult result,
                         Principal principal, RedirectAttributes redirect) {
        return queue(id, SiteTaskType.BACKUP_DELETE, new SiteTaskArgs.BackupDelete(form.backupIds()), result,
                principal, redirect);
    }

    /** The tasks without arguments (verify, disable, delete, ...): a button or a confirmation. */
    @PostMapping("/sites/{id}/tasks/{type}")
    String queue(@PathVariable long id, @PathVariable String type, Principal principal, RedirectAttributes redirect) {
        SiteTaskType taskType = SiteTaskType.fromKey(type).filter(t -> t.argsType() == SiteTaskArgs.None.class)
                .orElseThrow(() -> new SiteNotFoundException(id));
        try {
            return redirectQueued(id, siteTasks.queue(id, taskType, new SiteTaskArgs.None(),
                    accounts.clientScope(principal.getName()), principal.getName()));
        } catch (SiteTaskNotOfferedException refused) {
            redirect.addFlashAttribute("flashError", refused.getMessage());
        }
        return "redirect:/sites/" + id;
    }

    /**
     * Queues a task from its dialog's bound form; a refusal (the form's values, or the checks of the queue) goes
     * on the form's fields and is shown above the site page.
     */
    private String queue(long id, SiteTaskType type, SiteTaskArgs args, BindingResult result, Principal principal,
                         RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                return redirectQueued(id, siteTasks.queue(id, type, args, accounts.clientScope(principal.getName()),
                        principal.getName()));
            } catch (InvalidInputException refused) {
                FormErrors.reject(result, refused, SiteTaskArgs.fields(type));
            } catch (SiteTaskNotOfferedException refused) {
                result.reject("notOffered", refused.getMessage());
            }
        }
        redirect.addFlashAttribute("flashError", String.join(" ", result.getAllErrors().stream()
                .map(error -> messages.getMessage(error, LocaleContextHolder.getLocale())).toList()));
        return "redirect:/sites/" + id;
    }

    /** Back to the site's page, which tells of the queued task (or the one of its type already open) while it is open. */
    static String redirectQueued(long siteId, QueuedTask queued) {
        return "redirect:/sites/" + siteId + "?queued=" + queued.task().id();
    }
}
