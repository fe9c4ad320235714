package dev.bosun.site.web;

import java.security.Principal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.account.Role;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteFormOptions.DbServerChoice;
import dev.bosun.site.SiteNotFoundException;
import dev.bosun.site.SiteOptions;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteSummary;
import dev.bosun.site.SiteTaskNotOfferedException;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.task.QueuedTask;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.FlashMap;
import org.springframework.web.servlet.support.RequestContextUtils;

/**
 * The migrate and clone dialogs of the site page, loaded when they open (the comparison with every platform
 * is only worked out then): domain, target platforms with their counts of upgrades, warnings and errors
 * (those that cannot take the site disabled, with the reason), database server, and for a clone its aliases.
 * Submitted through htmx: a refusal shows on its fields in the dialog, a queued task reloads the site page.
 */
@Controller
class MoveDialogController {

    private final SiteQueries sites;
    private final SiteTasks siteTasks;
    private final SiteOptions options;
    private final PlatformComparison comparison;
    private final AccountService accounts;

    MoveDialogController(SiteQueries sites, SiteTasks siteTasks, SiteOptions options, PlatformComparison comparison,
                         AccountService accounts) {
        this.sites = sites;
        this.siteTasks = siteTasks;
        this.options = options;
        this.comparison = comparison;
        this.accounts = accounts;
    }

    /** A database server in the dialog; one of another engine than the site's cannot take its database. */
    record DbChoice(long id, String label, boolean sameEngine) {
    }

    @GetMapping("/sites/{id}/dialogs/{type}")
    String dialog(@PathVariable long id, @PathVariable String type, Principal principal, Model model) {
        SiteTaskType taskType = moveType(id, type);
        SiteSummary site = sites.get(id, accounts.clientScope(principal.getName()));
        List<MigrationTarget> targets = comparison.targets(id, ClientScope.ALL);
        Map<String, String> values = new HashMap<>();
        values.put("domain", taskType == SiteTaskType.MIGRATE ? site.domain() : "");
        values.put("platformId", defaultPlatform(targets).map(String::valueOf).orElse(""));
        values.put("dbServerId", String.valueOf(site.dbServiceId()));
        values.put("aliases", String.join("\n", sites.aliases(id).stream().map(SiteAlias::alias).toList()));
        model.addAttribute("canCompare", Role.isStaff(principal));
        return show(site, taskType, targets, values, Map.of(), model);
    }

    @PostMapping("/sites/{id}/dialogs/{type}")
    String submit(@PathVariable long id, @PathVariable String type, @RequestParam Map<String, String> form,
                  Principal principal, Model model, HttpServletRequest request, HttpServletResponse response) {
        SiteTaskType taskType = moveType(id, type);
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        Map<String, String> values = new HashMap<>(form);
        values.remove("_csrf");
        model.addAttribute("canCompare", Role.isStaff(principal));
        try {
            QueuedTask queued = siteTasks.queue(id, taskType, new LinkedHashMap<>(values), scope, principal.getName());
            flash(request, response, id, queued.created() ? taskType.label() + " queued."
                    : taskType.label() + " is already " + queued.task().status().name().toLowerCase() + ".");
            response.setHeader("HX-Redirect", request.getContextPath() + "/sites/" + id);
            model.addAttribute("label", taskType.label());
            return "site/move :: queued";
        } catch (InvalidInputException refused) {
            Map<String, List<String>> errors = new HashMap<>();
            refused.violations().forEach(v -> errors.computeIfAbsent(field(v.field()), f -> new ArrayList<>())
                    .add(v.message()));
            return show(site, taskType, comparison.targets(id, ClientScope.ALL), values, errors, model);
        } catch (SiteTaskNotOfferedException refused) {
            return show(site, taskType, comparison.targets(id, ClientScope.ALL), values,
                    Map.of("args", List.of(refused.getMessage())), model);
        }
    }

    private String show(SiteSummary site, SiteTaskType type, List<MigrationTarget> targets, Map<String, String> values,
                        Map<String, List<String>> errors, Model model) {
        String siteEngine = options.dbServers().stream().filter(db -> db.id() == site.dbServiceId())
                .map(DbServerChoice::type).findFirst().orElse(null);
        model.addAttribute("site", site);
        model.addAttribute("targets", targets.stream()
                .sorted(Comparator.comparing(MigrationTarget::current).reversed()).toList());
        model.addAttribute("anySelectable", targets.stream().anyMatch(MigrationTarget::selectable));
        model.addAttribute("dbServers", options.dbServers().stream()
                .map(db -> new DbChoice(db.id(), db.serverName() + " (" + db.type() + ")",
                        family(db.type()).equals(family(siteEngine))))
                .toList());
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "site/move :: " + type.key();
    }

    /** The site's current platform when it can take it again (a rename), else the first that can. */
    private static Optional<Long> defaultPlatform(List<MigrationTarget> targets) {
        return targets.stream().filter(MigrationTarget::selectable)
                .sorted((a, b) -> Boolean.compare(b.current(), a.current()))
                .map(MigrationTarget::platformId).findFirst();
    }

    private static String family(String engine) {
        return "postgresql".equalsIgnoreCase(engine) ? "postgresql" : "mysql";
    }

    /** Violations of fields the dialog does not have (unknown arguments) show above the fields. */
    private static String field(String field) {
        return List.of("domain", "platformId", "dbServerId", "aliases").contains(field) ? field : "args";
    }

    private static SiteTaskType moveType(long siteId, String type) {
        return SiteTaskType.fromKey(type).filter(t -> t == SiteTaskType.MIGRATE || t == SiteTaskType.CLONE)
                .orElseThrow(() -> new SiteNotFoundException(siteId));
    }

    private static void flash(HttpServletRequest request, HttpServletResponse response, long siteId, String message) {
        FlashMap flash = RequestContextUtils.getOutputFlashMap(request);
        flash.put("flash", message);
        RequestContextUtils.saveOutputFlashMap(request.getContextPath() + "/sites/" + siteId, request, response);
    }
}
