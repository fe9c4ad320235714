package dev.bosun.settings.web;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsSection;
import dev.bosun.settings.SettingsService;
import dev.bosun.settings.SiteSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SettingsController {

    private final SettingsService settings;
    private final List<SettingsSection> sections;

    SettingsController(SettingsService settings, List<SettingsSection> sections) {
        this.settings = settings;
        this.sections = sections;
    }

    @GetMapping("/admin/features")
    String features(Model model) {
        model.addAttribute("features", Feature.values());
        model.addAttribute("enabled", settings.enabledFeatures());
        return "settings/features";
    }

    @PostMapping("/admin/features")
    String saveFeatures(@RequestParam(name = "feature", required = false) List<Feature> chosen,
                        RedirectAttributes redirect) {
        Set<Feature> wanted = chosen == null ? EnumSet.noneOf(Feature.class) : EnumSet.copyOf(chosen);
        Set<Feature> result = settings.setFeatures(wanted);
        String message = result.equals(wanted) ? "Features saved."
                : "Features saved. Clone needs Migrate, so Migrate has been turned on too.";
        redirect.addFlashAttribute("flash", message);
        return "redirect:/admin/features";
    }

    @GetMapping("/admin/settings")
    String siteSettings(Model model) {
        model.addAttribute("settings", settings.siteSettings());
        model.addAttribute("clientTaskChoices", SettingsService.CLIENT_TASK_CHOICES);
        model.addAttribute("clientTasks", settings.clientTaskTypes());
        sections.forEach(section -> model.addAllAttributes(section.model()));
        model.addAttribute("sections", sections.stream().map(SettingsSection::template).toList());
        return "settings/settings";
    }

    @PostMapping("/admin/settings")
    String saveSiteSettings(@RequestParam(defaultValue = "false") boolean requireDisableBeforeDelete,
                            @RequestParam(name = "clientTask", required = false) List<String> clientTasks,
                            @RequestParam(defaultValue = "false") boolean clientTasksShown,
                            RedirectAttributes redirect) {
        settings.updateSiteSettings(new SiteSettings(requireDisableBeforeDelete));
        // no ticked box sends no parameter at all, so only a form that showed the boxes clears them
        if (clientTasksShown) {
            settings.updateClientTaskTypes(clientTasks == null ? Set.of() : Set.copyOf(clientTasks));
        }
        redirect.addFlashAttribute("flash", "Settings saved.");
        return "redirect:/admin/settings";
    }
}
