package dev.bosun.site.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.site.SiteService;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

@Controller
class SiteLoginController {

    private final SiteService sites;
    private final AccountService accounts;

    SiteLoginController(SiteService sites, AccountService accounts) {
        this.sites = sites;
        this.accounts = accounts;
    }

    /** A POST (with CSRF), so that a prefetch or a crawler cannot spend the one-time link. */
    @PostMapping("/sites/{id}/go")
    String go(@PathVariable long id, Principal principal) {
        return "redirect:" + sites.followLoginLink(id, accounts.clientScope(principal.getName()));
    }
}
