package dev.bosun.platform.web;

import java.security.Principal;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.platform.PlatformService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** "Compare platforms": a site against every platform (can it move there?), and package by package against one. */
@Controller
class PlatformCompareController {

    private final PlatformComparison comparison;
    private final PlatformService platforms;
    private final AccountService accounts;

    PlatformCompareController(PlatformComparison comparison, PlatformService platforms, AccountService accounts) {
        this.comparison = comparison;
        this.platforms = platforms;
        this.accounts = accounts;
    }

    @GetMapping("/platforms/compare")
    String compare(@RequestParam(required = false) Long site, @RequestParam(required = false) Long target,
                   @RequestParam(required = false) Long from, Principal principal, Model model) {
        ClientScope scope = accounts.clientScope(principal.getName());
        model.addAttribute("sites", platforms.comparableSites());
        model.addAttribute("platforms", platforms.list());
        model.addAttribute("siteId", site);
        model.addAttribute("targetId", target);
        model.addAttribute("fromId", from);
        if (site == null && from != null && target != null) {
            model.addAttribute("pair", comparison.comparePlatforms(from, target));
        }
        if (site != null) {
            model.addAttribute("targets", comparison.targets(site, scope));
            if (target != null) {
                model.addAttribute("comparison", comparison.compare(site, target, scope));
            }
        }
        return "platform/compare";
    }
}
