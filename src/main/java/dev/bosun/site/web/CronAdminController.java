package dev.bosun.site.web;

import dev.bosun.site.CronSettings;
import dev.bosun.site.SiteCronService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Admin → Cron: the default interval of sites' cron and the runs at once per web server. */
@Controller
class CronAdminController {

    private final SiteCronService cron;

    CronAdminController(SiteCronService cron) {
        this.cron = cron;
    }

    /** The form in minutes; the API and the site's own interval take seconds. */
    record CronSettingsForm(
            @NotNull(message = "Enter the interval in minutes (0 turns cron off).")
            @Min(value = 0, message = "The interval cannot be negative.")
            @Max(value = SiteCronService.MAX_INTERVAL_SECONDS / 60, message = "The interval can be a week at most.")
            Integer defaultIntervalMinutes,
            @NotNull(message = "Enter how many runs may go at once per web server.")
            @Min(value = 1, message = "At least one run at a time.")
            @Max(value = 100, message = "At most 100 runs at a time.")
            Integer perServerLimit) {
    }

    @GetMapping("/admin/cron")
    String page(Model model) {
        CronSettings settings = cron.settings();
        model.addAttribute("cronForm", new CronSettingsForm(settings.defaultIntervalSeconds() / 60,
                settings.perServerLimit()));
        model.addAttribute("settings", settings);
        return "site/cron-admin";
    }

    @PostMapping("/admin/cron")
    String save(@Valid @ModelAttribute("cronForm") CronSettingsForm form, BindingResult errors, Model model,
                RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            model.addAttribute("settings", cron.settings());
            return "site/cron-admin";
        }
        cron.updateSettings(new CronSettings(form.defaultIntervalMinutes() * 60, form.perServerLimit()));
        redirect.addFlashAttribute("flash", "Cron settings saved.");
        return "redirect:/admin/cron";
    }
}
