package dev.bosun.site.web;

import java.security.Principal;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.account.FormTargets;
import dev.bosun.account.Role;
import dev.bosun.backup.BackupService;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.ServerService;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteSummary;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskNotOfferedException;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.site.SiteNotFoundException;
import dev.bosun.task.QueuedTask;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SiteController {

    private final SiteQueries sites;
    private final SiteTasks siteTasks;
    private final AccountService accounts;
    private final BackupService backups;
    private final ServerService servers;
    private final MessageSource messages;

    SiteController(SiteQueries sites, SiteTasks siteTasks, AccountService accounts, BackupService backups,
                   ServerService servers, MessageSource messages) {
        this.servers = servers;
        this.messages = messages;
        this.sites = sites;
        this.siteTasks = siteTasks;
        this.accounts = accounts;
        this.backups = backups;
    }

    /** The site's page; its "Go to"/"Log in to" form is answered with a redirect to the site, which the CSP allows. */
    @GetMapping("/sites/{id}")
    String show(@PathVariable long id, Principal principal, Model model, HttpServletRequest request) {
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        FormTargets.allow(request, site.url());
        if (site.loginUrl() != null) {
            FormTargets.allow(request, site.loginUrl());
        }
        model.addAttribute("site", site);
        model.addAttribute("aliases", sites.aliases(id));
        model.addAttribute("pendingUpdates", sites.pendingDatabaseUpdates(id).orElse(0));
        model.addAttribute("webServerName", servers.names(List.of(site.webServerId())).get(site.webServerId()));
        model.addAttribute("dbServerId", servers.dbService(site.dbServiceId()).map(DbServiceInfo::serverId)
                .orElse(null));
        var buttons = siteTasks.buttons(site, scope);
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
            flashQueued(siteTasks.queue(id, taskType, new SiteTaskArgs.None(),
                    accounts.clientScope(principal.getName()), principal.getName()), taskType, redirect);
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
                flashQueued(siteTasks.queue(id, type, args, accounts.clientScope(principal.getName()),
                        principal.getName()), type, redirect);
                return "redirect:/sites/" + id;
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

    private static void flashQueued(QueuedTask queued, SiteTaskType type, RedirectAttributes redirect) {
        redirect.addFlashAttribute("flash", queued.created()
                ? type.label() + " queued."
                : type.label() + " is already " + queued.task().status().name().toLowerCase() + ".");
    }
}
