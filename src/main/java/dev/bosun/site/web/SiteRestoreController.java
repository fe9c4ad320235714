package dev.bosun.site.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.backup.BackupService;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The restore dialog's list of backups, loaded each time the dialog opens, so new backups appear in it. */
@Controller
class SiteRestoreController {

    private final SiteQueries sites;
    private final BackupService backups;
    private final AccountService accounts;

    SiteRestoreController(SiteQueries sites, BackupService backups, AccountService accounts) {
        this.sites = sites;
        this.backups = backups;
        this.accounts = accounts;
    }

    /** The site's backups, newest first, as "date/time - size - reason"; or "There are no valid backups available." */
    @GetMapping("/sites/{id}/restore-choices")
    String restoreChoices(@PathVariable long id, Principal principal, Model model) {
        SiteSummary site = sites.get(id, accounts.clientScope(principal.getName()));
        model.addAttribute("site", site);
        model.addAttribute("restoreChoices", backups.restoreChoices(site.id()));
        model.addAttribute("noValidBackups", BackupService.NO_VALID_BACKUPS);
        return "site/show :: restore-choices";
    }
}
