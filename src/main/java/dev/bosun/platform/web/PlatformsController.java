package dev.bosun.platform.web;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.bosun.InvalidInputException;
import dev.bosun.account.Role;
import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.drupal.PackageType;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformPackage;
import dev.bosun.platform.PlatformRegistration;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.platform.PlatformTask;
import dev.bosun.platform.PlatformTaskRefusedException;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskStatus;
import jakarta.validation.Valid;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Platform pages: the list, registering one, a platform with its packages, sites and tasks. */
@Controller
class PlatformsController {

    static final int RECENT_TASKS = 10;

    private final PlatformService platforms;
    private final PackageRegistry registry;
    private final SettingsService settings;

    PlatformsController(PlatformService platforms, PackageRegistry registry, SettingsService settings) {
        this.platforms = platforms;
        this.registry = registry;
        this.settings = settings;
    }

    @GetMapping("/platforms")
    String list(Model model) {
        model.addAttribute("platforms", platforms.list());
        return "platform/list";
    }

    @GetMapping("/platforms/new")
    String newPlatform(Model model) {
        model.addAttribute("form", PlatformForm.empty());
        model.addAttribute("servers", platforms.servers());
        return "platform/form";
    }

    @PostMapping("/platforms/new")
    String register(@Valid @ModelAttribute("form") PlatformForm form, BindingResult result, Principal principal,
                    Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                PlatformRegistration registration = platforms.register(form, principal.getName(),
                Role.ADMIN.heldBy(principal));
                redirect.addFlashAttribute("flash", "Platform " + registration.platform().name()
                        + " registered; its verify is queued.");
                return "redirect:/platforms/" + registration.platform().id();
            } catch (InvalidInputException rejected) {
                result.rejectValue(rejected.field(), "invalid", rejected.getMessage());
            }
        }
        model.addAttribute("servers", platforms.servers());
        return "platform/form";
    }

    @GetMapping("/platforms/{id}")
    String show(@PathVariable long id, @RequestParam(defaultValue = "0") int sitesPage, Model model) {
        model.addAttribute("checkPathForm", new CheckPathForm(platforms.checkPath(id)));
        return populateShow(id, sitesPage, model);
    }

    /** The page site tasks ask the platform's sites for (administrators); a bad path is shown on the field. */
    @PostMapping("/platforms/{id}/check-path")
    @PreAuthorize("hasRole('ADMIN')")
    String setCheckPath(@PathVariable long id, @ModelAttribute("checkPathForm") CheckPathForm form,
                        BindingResult result, Principal principal, Model model, RedirectAttributes redirect) {
        platforms.get(id);
        try {
            platforms.setCheckPath(id, form.checkPath() == null ? null : form.checkPath().strip(), principal.getName());
        } catch (InvalidInputException rejected) {
            result.rejectValue("checkPath", "invalid", rejected.getMessage());
            return populateShow(id, 0, model);
        }
        redirect.addFlashAttribute("flash", "Site tasks now ask the sites of this platform for "
                + platforms.checkPath(id) + " to confirm they serve.");
        return "redirect:/platforms/" + id;
    }

    /** The check path form of the platform page. */
    record CheckPathForm(String checkPath) {
    }

    private String populateShow(long id, int sitesPage, Model model) {
        Platform platform = platforms.get(id);
        List<PlatformPackage> packages = registry.platformPackages(id);
        Map<String, TaskStatus> open = platforms.openTasks(id);
        model.addAttribute("platform", platform);
        model.addAttribute("taskButtons", TaskButton.forPlatform(platform, open));
        model.addAttribute("profiles", packages.stream().filter(p -> p.type() == PackageType.PROFILE).toList());
        model.addAttribute("packages", packages.stream().filter(p -> p.type() != PackageType.PROFILE).toList());
        model.addAttribute("profileLanguages", languagesByProfile(packages, registry.platformLanguages(id)));
        model.addAttribute("sites", platforms.sites(id, sitesPage));
        model.addAttribute("tasks", platforms.recentTasks(id, RECENT_TASKS));
        model.addAttribute("migrateAll", settings.isEnabled(Feature.MIGRATE)
                && platform.status() != PlatformStatus.DELETED);
        return "platform/show";
    }

    @PostMapping("/platforms/{id}/tasks/{type}")
    String queueTask(@PathVariable long id, @PathVariable String type, Principal principal, RedirectAttributes redirect) {
        PlatformTask task = PlatformTask.fromCode(type)
                .orElseThrow(() -> new ResponseStatusException(org.springframework.http.HttpStatus.NOT_FOUND));
        try {
            QueuedTask queued = platforms.queueTask(id, task, principal.getName());
            redirect.addFlashAttribute("flash", capitalized(task.code())
                    + (queued.created() ? " queued." : " is already " + queued.task().status().name().toLowerCase() + "."));
        } catch (PlatformTaskRefusedException refused) {
            redirect.addFlashAttribute("flash", "Not queued: " + refused.getMessage());
        }
        return "redirect:/platforms/" + id;
    }

    /** Per profile, the languages offered for it or for every profile. */
    private static Map<String, String> languagesByProfile(List<PlatformPackage> packages, List<ScannedLanguage> languages) {
        return packages.stream().filter(p -> p.type() == PackageType.PROFILE).collect(Collectors.toMap(
                PlatformPackage::name,
                profile -> languages.stream()
                        .filter(l -> l.profile().equals(ScannedLanguage.ALL_PROFILES) || l.profile().equals(profile.name()))
                        .map(ScannedLanguage::langcode).distinct().sorted().collect(Collectors.joining(", "))));
    }

    private static String capitalized(String word) {
        return Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }

    /** A task button of the platform page, or the status of that task while it is queued or running. */
    record TaskButton(String type, String label, TaskStatus openStatus, boolean confirm) {

        static List<TaskButton> forPlatform(Platform platform, Map<String, TaskStatus> open) {
            return platform.offeredTasks().stream()
                    .map(task -> new TaskButton(task.code(), capitalized(task.code()), open.get(task.code()),
                            task == PlatformTask.DELETE))
                    .toList();
        }
    }
}
