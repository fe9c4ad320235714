package dev.bosun.site.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.site.SiteFilter;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

@Controller
class SitesController {

    private final SiteQueries sites;
    private final AccountService accounts;

    SitesController(SiteQueries sites, AccountService accounts) {
        this.sites = sites;
        this.accounts = accounts;
    }

    @GetMapping("/sites")
    String list(Principal principal, @RequestParam(required = false) String q,
                @RequestParam(required = false) SiteStatus status, @RequestParam(defaultValue = "0") int page,
                Model model) {
        SiteFilter filter = new SiteFilter(q, status, page, SiteFilter.DEFAULT_SIZE);
        model.addAttribute("filter", filter);
        model.addAttribute("statuses", SiteStatus.values());
        model.addAttribute("sites", sites.page(filter, accounts.clientScope(principal.getName())));
        return "site/list";
    }
}
