package dev.bosun.site.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.site.SiteCronService;
import dev.bosun.site.SiteFilter;
import dev.bosun.site.SitePage;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteSummary;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SitesController {

    private final SiteQueries sites;
    private final AccountService accounts;
    private final SiteCronService cron;

    SitesController(SiteQueries sites, AccountService accounts, SiteCronService cron) {
        this.sites = sites;
        this.accounts = accounts;
        this.cron = cron;
    }

    @GetMapping("/sites")
    String list(Principal principal, @RequestParam(required = false) String q,
                @RequestParam(required = false) SiteStatus status, @RequestParam(defaultValue = "0") int page,
                Model model) {
        SiteFilter filter = new SiteFilter(q, status, page, SiteFilter.DEFAULT_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", SiteStatus.values());
        SitePage found = sites.page(filter, accounts.clientScope(principal.getName()));
        model.addAttribute("sites", found);
        model.addAttribute("cronRuns", cron.lastRuns(found.items().stream().map(SiteSummary::id).toList()));
        return "site/list";
    }
}
