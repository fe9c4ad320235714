package dev.bosun.backup.web;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.backup.ArchiveSettings;
import dev.bosun.backup.BackupManagerService;
import dev.bosun.backup.BackupManagerSettings;
import dev.bosun.backup.BackupSchedule;
import dev.bosun.backup.BackupWindow;
import dev.bosun.backup.RetentionRule;
import dev.bosun.backup.RetentionUnit;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admin → Backups: archive compression, and the backup manager's schedule, window and retention. */
@Controller
class BackupAdminController {

    private static final String VIEW = "backup/admin";
    private static final String REDIRECT = "redirect:/admin/backups";

    private final BackupManagerService manager;
    private final Clock clock;

    BackupAdminController(BackupManagerService manager, Clock clock) {
        this.manager = manager;
        this.clock = clock;
    }

    @GetMapping("/admin/backups")
    String page(@RequestParam(defaultValue = "0") int page, Model model) {
        return render(model, page);
    }

    @PostMapping("/admin/backups/archive")
    String saveArchive(@Valid @ModelAttribute("archiveForm") ArchiveForm form, BindingResult errors, Model model,
                       RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return render(model);
        }
        manager.updateArchiveSettings(new ArchiveSettings(form.level(), form.threads()));
        redirect.addFlashAttribute("flash", "Archive settings saved.");
        return REDIRECT;
    }

    @PostMapping("/admin/backups/manager")
    String saveManager(@Valid @ModelAttribute("managerForm") ManagerForm form, BindingResult errors, Model model,
                       RedirectAttributes redirect) {
        ZoneId zone = errors.hasFieldErrors("timeZone") ? null : zone(form.timeZone(), errors);
        if (errors.hasErrors()) {
            return render(model);
        }
        EnumSet<DayOfWeek> days = form.windowDays() == null || form.windowDays().isEmpty()
                ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(form.windowDays());
        manager.updateSettings(new BackupManagerSettings(
                new BackupSchedule(Boolean.TRUE.equals(form.scheduleEnabled()), Duration.ofHours(form.intervalHours())),
                new BackupWindow(form.windowStart(), form.windowEnd(), days), zone,
                Boolean.TRUE.equals(form.retentionEnabled())));
        redirect.addFlashAttribute("flash", days.isEmpty()
                ? "Backup manager settings saved. No day is chosen for the window, so no scheduled backup will start."
                : "Backup manager settings saved.");
        return REDIRECT;
    }

    @PostMapping("/admin/backups/rules")
    String addRule(@Valid @ModelAttribute("ruleForm") RuleForm form, BindingResult errors, Model model,
                   RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return render(model);
        }
        RetentionRule rule = manager.addRetentionRule(new RetentionRule(null, form.olderThanAmount(),
                form.olderThanUnit(), form.keepPerAmount(), form.keepPerUnit(), form.appliesTo()));
        redirect.addFlashAttribute("flash", "Retention rule added: " + rule.label() + ".");
        return REDIRECT;
    }

    @PostMapping("/admin/backups/rules/{id}/delete")
    String deleteRule(@PathVariable long id, RedirectAttributes redirect) {
        manager.deleteRetentionRule(id);
        redirect.addFlashAttribute("flash", "Retention rule removed.");
        return REDIRECT;
    }

    @PostMapping("/admin/backups/sites")
    String saveSite(@Valid @ModelAttribute("siteForm") SiteScheduleForm form, BindingResult errors, Model model,
                    RedirectAttributes redirect) {
        boolean enabled = Boolean.TRUE.equals(form.enabled());
        if (!errors.hasErrors()) {
            try {
                manager.setSiteSchedule(form.domain(), enabled,
                        enabled && form.intervalHours() != null ? Duration.ofHours(form.intervalHours()) : null);
            } catch (InvalidInputException rejected) {
                errors.rejectValue(rejected.field(), "invalid", rejected.getMessage());
            }
        }
        if (errors.hasErrors()) {
            return render(model);
        }
        redirect.addFlashAttribute("flash", enabled ? form.domain().strip() + " has its own backup schedule."
                : form.domain().strip() + " is opted out of scheduled backups.");
        return REDIRECT;
    }

    @PostMapping("/admin/backups/sites/{siteId}/delete")
    String removeSite(@PathVariable long siteId, RedirectAttributes redirect) {
        manager.removeSiteSchedule(siteId);
        redirect.addFlashAttribute("flash", "The site follows the default schedule again.");
        return REDIRECT;
    }

    private static ZoneId zone(String id, BindingResult errors) {
        try {
            return ZoneId.of(id.strip());
        } catch (DateTimeException e) {
            errors.rejectValue("timeZone", "invalid", "'" + id + "' is not a time zone; use e.g. UTC or Europe/Berlin.");
            return null;
        }
    }

    private String render(Model model) {
        return render(model, 0);
    }

    private String render(Model model, int page) {
        ArchiveSettings archive = manager.archiveSettings();
        BackupManagerSettings settings = manager.settings();
        if (!model.containsAttribute("archiveForm")) {
            model.addAttribute("archiveForm", new ArchiveForm(archive.level(), archive.threads()));
        }
        if (!model.containsAttribute("managerForm")) {
            model.addAttribute("managerForm", new ManagerForm(settings.schedule().enabled(),
                    (int) settings.schedule().interval().toHours(), settings.window().start(), settings.window().end(),
                    settings.window().days().stream().sorted().toList(), settings.zone().getId(),
                    settings.retentionEnabled()));
        }
        if (!model.containsAttribute("ruleForm")) {
            model.addAttribute("ruleForm", new RuleForm(1, RetentionUnit.WEEKS, 1, RetentionUnit.DAYS,
                    RetentionRule.Scope.ALL));
        }
        if (!model.containsAttribute("siteForm")) {
            model.addAttribute("siteForm", new SiteScheduleForm("", true, 24));
        }
        boolean active = manager.isActive();
        model.addAttribute("active", active);
        model.addAttribute("settings", settings);
        // The window, the manager's latest check, the rules and the sites' own schedules show only while the manager
        // is on. The page shows what the latest check found, not a plan worked out over every site at each view.
        model.addAttribute("window", active ? manager.window(clock.instant()) : null);
        model.addAttribute("check", active ? manager.lastCheck().orElse(null) : null);
        model.addAttribute("rules", active ? manager.retentionRules() : List.of());
        model.addAttribute("sites", active ? manager.siteSchedules(page) : new NumberedPage<>(List.of(), 0, 0));
        model.addAttribute("units", RetentionUnit.values());
        model.addAttribute("scopes", RetentionRule.Scope.values());
        model.addAttribute("weekdays", DayOfWeek.values());
        model.addAttribute("processors", Runtime.getRuntime().availableProcessors());
        return VIEW;
    }
}
