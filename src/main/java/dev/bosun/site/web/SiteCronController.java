package dev.bosun.site.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.site.SiteCron;
import dev.bosun.site.SiteCronService;
import dev.bosun.site.SiteQueries;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A site's cron: its summary on the site page, its page with the last runs' output, and its interval. */
@Controller
class SiteCronController {

    /** The intervals offered on the form, in seconds; the API takes any. */
    static final List<Integer> CHOICES = List.of(300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 24 * 3600);
    static final String DEFAULT = "default";

    private final SiteCronService cron;
    private final SiteQueries sites;
    private final AccountService accounts;

    SiteCronController(SiteCronService cron, SiteQueries sites, AccountService accounts) {
        this.cron = cron;
        this.sites = sites;
        this.accounts = accounts;
    }

    /** The summary card the site page loads: interval, last run and, when it keeps failing, a warning. */
    @GetMapping("/sites/{id}/cron/summary")
    String summary(@PathVariable long id, Principal principal, Model model) {
        model.addAttribute("cron", cron.forSite(id, scope(principal)));
        model.addAttribute("siteId", id);
        return "site/cron :: summary";
    }

    @GetMapping("/sites/{id}/cron")
    String page(@PathVariable long id, Principal principal, Model model) {
        SiteCron siteCron = cron.forSite(id, scope(principal));
        model.addAttribute("site", sites.get(id, scope(principal)));
        model.addAttribute("cron", siteCron);
        model.addAttribute("siteId", id);
        model.addAttribute("choices", choices(siteCron));
        int defaultInterval = cron.settings().defaultIntervalSeconds();
        model.addAttribute("defaultText", defaultInterval == 0 ? "off" : "every " + SiteCronService.describe(defaultInterval));
        model.addAttribute("kept", SiteCronService.KEPT_RUNS);
        return "site/cron";
    }

    /** The dashboard's list of sites whose cron keeps failing; empty when there is none. */
    @GetMapping("/fragments/cron-failing")
    String failing(Principal principal, Model model) {
        model.addAttribute("failing", cron.failing(scope(principal)));
        return "site/cron :: failing";
    }

    /** The interval form: {@code default}, {@code 0} (off) or seconds. */
    record IntervalForm(String interval) {
    }

    @PostMapping("/sites/{id}/cron")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    String setInterval(@PathVariable long id, @ModelAttribute IntervalForm form, Principal principal,
                       RedirectAttributes redirect) {
        try {
            cron.setInterval(id, seconds(form.interval()), scope(principal));
            redirect.addFlashAttribute("flash", "Cron interval saved.");
        } catch (InvalidInputException invalid) {
            redirect.addFlashAttribute("flashError", invalid.getMessage());
        }
        return "redirect:/sites/" + id + "/cron";
    }

    private static Integer seconds(String interval) {
        if (interval == null || interval.isBlank() || interval.equals(DEFAULT)) {
            return null;
        }
        if (!interval.matches("\\d{1,7}")) {
            throw new InvalidInputException("interval", "Choose an interval from the list.");
        }
        return Integer.valueOf(interval);
    }

    /** An interval offered on the form. */
    record Choice(int seconds, String label) {
    }

    /** The usual intervals, and the site's own when it is another (set through the API). */
    private static List<Choice> choices(SiteCron siteCron) {
        List<Integer> seconds = new ArrayList<>(CHOICES);
        Integer own = siteCron.intervalSeconds();
        if (own != null && own > 0 && !seconds.contains(own)) {
            seconds.add(own);
            seconds.sort(Integer::compare);
        }
        return seconds.stream().map(s -> new Choice(s, "Every " + SiteCronService.describe(s))).toList();
    }

    private ClientScope scope(Principal principal) {
        return accounts.clientScope(principal.getName());
    }
}
