package dev.bosun.site.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.site.SiteFilter;
import dev.bosun.site.SitePage;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/sites")
class SitesApiController {

    private final SiteQueries sites;
    private final AccountService accounts;

    SitesApiController(SiteQueries sites, AccountService accounts) {
        this.sites = sites;
        this.accounts = accounts;
    }

    /** {@code {items[], page, total}}; deleted sites only with {@code status=DELETED}. */
    @GetMapping
    SitePage list(Principal principal, @RequestParam(required = false) String q,
                  @RequestParam(required = false) SiteStatus status, @RequestParam(defaultValue = "0") int page,
                  @RequestParam(defaultValue = "50") int size) {
        return sites.page(new SiteFilter(q, status, page, size), accounts.clientScope(principal.getName()));
    }
}
