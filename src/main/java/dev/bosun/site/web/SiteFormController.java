package dev.bosun.site.web;

import dev.bosun.InvalidInputException;
import dev.bosun.site.SiteForm;
import dev.bosun.site.SiteFormOptions;
import dev.bosun.site.SiteOptions;
import dev.bosun.site.SiteService;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class SiteFormController {

    private final SiteService sites;
    private final SiteOptions options;
    private final SiteTasks siteTasks;

    SiteFormController(SiteService sites, SiteOptions options, SiteTasks siteTasks) {
        this.sites = sites;
        this.options = options;
        this.siteTasks = siteTasks;
    }

    @GetMapping("/sites/new")
    String form(Model model) {
        SiteForm form = SiteForm.empty();
        var profiles = options.profiles();
        String profile = profiles.contains("standard") ? "standard" : profiles.stream().findFirst().orElse("");
        return render(new SiteForm(form.domain(), null, profile, null, "en", null, "", false), model);
    }

    /** The platform and language fields, refreshed (htmx) when the profile or platform changes. */
    @GetMapping("/sites/new/choices")
    String choices(@RequestParam(required = false) String profile, @RequestParam(required = false) Long platformId,
                   @RequestParam(required = false) String language, Model model) {
        model.addAttribute("form", new SiteForm("", null, profile, platformId, language, null, "", false));
        addChoices(profile, platformId, language, model);
        return "site/form :: choices";
    }

    @PostMapping("/sites/new")
    String create(@Valid @ModelAttribute("form") SiteForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return render(form, model);
        }
        try {
            long id = sites.create(form);
            redirect.addFlashAttribute("flash", "Site " + form.domain().strip().toLowerCase() + " added.");
            return siteTasks.openTask(id, SiteTaskType.INSTALL).map(task -> "redirect:/sites/" + id + "?queued=" + task)
                    .orElse("redirect:/sites/" + id);
        } catch (InvalidInputException invalid) {
            invalid.violations().forEach(v -> result.rejectValue(v.field(), "invalid", v.message()));
            return render(form, model);
        }
    }

    private String render(SiteForm form, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", form);
        }
        addChoices(form.profile(), form.platformId(), form.language(), model);
        return "site/form";
    }

    private void addChoices(String profile, Long platformId, String language, Model model) {
        SiteFormOptions offered = options.forForm(profile, platformId);
        model.addAttribute("options", offered);
        model.addAttribute("selectedPlatformId", platformId);
        model.addAttribute("selectedLanguage", language);
    }
}
