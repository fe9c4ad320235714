package dev.bosun.site.web;

import java.security.Principal;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.account.Role;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.MoveTargets;
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
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

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
    private final MoveTargets moveTargets;
    private final AccountService accounts;

    MoveDialogController(SiteQueries sites, SiteTasks siteTasks, SiteOptions options, MoveTargets moveTargets,
                         AccountService accounts) {
        this.sites = sites;
        this.siteTasks = siteTasks;
        this.options = options;
        this.moveTargets = moveTargets;
        this.accounts = accounts;
    }

    /** A database server in the dialog; one of another engine than the site's cannot take its database. */
    record DbChoice(long id, String label, boolean sameEngine) {
    }

    @GetMapping("/sites/{id}/dialogs/{type}")
    String dialog(@PathVariable long id, @PathVariable String type, Principal principal, Model model) {
        SiteTaskType taskType = moveType(id, type);
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        siteTasks.checkPermitted(taskType, scope);
        List<MigrationTarget> targets = moveTargets.of(site, scope);
        model.addAttribute("moveForm", new MoveForm(taskType == SiteTaskType.MIGRATE ? site.domain() : "",
                defaultPlatform(targets).orElse(null), site.dbServiceId(),
                String.join("\n", sites.aliases(id).stream().map(SiteAlias::alias).toList())));
        model.addAttribute("canCompare", Role.isStaff(principal));
        return show(site, taskType, targets, scope, model);
    }

    /** The platforms are compared once: the same targets check the task and show the dialog again. */
    @PostMapping("/sites/{id}/dialogs/{type}")
    String submit(@PathVariable long id, @PathVariable String type, @ModelAttribute("moveForm") MoveForm form,
                  BindingResult result, Principal principal, Model model, HttpServletRequest request,
                  HttpServletResponse response) {
        SiteTaskType taskType = moveType(id, type);
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        siteTasks.checkPermitted(taskType, scope);
        List<MigrationTarget> targets = moveTargets.of(site, scope);
        model.addAttribute("canCompare", Role.isStaff(principal));
        if (result.hasErrors()) {
            return show(site, taskType, targets, scope, model);
        }
        try {
            QueuedTask queued = siteTasks.queue(id, taskType, form.args(taskType), targets, scope,
                    principal.getName());
            response.setHeader("HX-Redirect", request.getContextPath()
                    + SiteController.redirectQueued(id, queued).substring("redirect:".length()));
            model.addAttribute("label", taskType.label());
            return "site/move :: queued";
        } catch (InvalidInputException refused) {
            FormErrors.reject(result, refused, MoveForm.FIELDS);
        } catch (SiteTaskNotOfferedException refused) {
            result.reject("notOffered", refused.getMessage());
        }
        return show(site, taskType, targets, scope, model);
    }

    /** {@code targets} are those the scope may choose; so are the database servers shown. */
    private String show(SiteSummary site, SiteTaskType type, List<MigrationTarget> targets, ClientScope scope,
                        Model model) {
        String siteEngine = options.dbServers().stream().filter(db -> db.id() == site.dbServiceId())
                .map(DbServerChoice::type).findFirst().orElse(null);
        model.addAttribute("site", site);
        model.addAttribute("targets", targets.stream()
                .sorted(Comparator.comparing(MigrationTarget::current).reversed()).toList());
        model.addAttribute("anySelectable", targets.stream().anyMatch(MigrationTarget::selectable));
        model.addAttribute("dbServers", options.dbServers(scope, sites).stream()
                .map(db -> new DbChoice(db.id(), db.serverName() + " (" + db.type() + ")",
                        family(db.type()).equals(family(siteEngine))))
                .toList());
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

    private static SiteTaskType moveType(long siteId, String type) {
        return SiteTaskType.fromKey(type).filter(t -> t == SiteTaskType.MIGRATE || t == SiteTaskType.CLONE)
                .orElseThrow(() -> new SiteNotFoundException(siteId));
    }
}
