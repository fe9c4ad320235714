package dev.bosun.site.web;

import java.security.Principal;

import dev.bosun.InvalidInputException;
import dev.bosun.platform.PlatformService;
import dev.bosun.site.FleetMigration;
import dev.bosun.site.FleetMigrations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The platform page's "Migrate all sites": the target choice, and the summary of one run. */
@Controller
class FleetMigrationController {

    static final int PAST_RUNS = 10;

    private final FleetMigrations migrations;
    private final PlatformService platforms;

    FleetMigrationController(FleetMigrations migrations, PlatformService platforms) {
        this.migrations = migrations;
        this.platforms = platforms;
    }

    @GetMapping("/platforms/{id}/migrate-sites")
    String form(@PathVariable long id, Model model) {
        model.addAttribute("platform", platforms.get(id));
        model.addAttribute("available", migrations.available());
        model.addAttribute("sites", migrations.enabledSites(id));
        model.addAttribute("targets", migrations.available() ? migrations.targets(id) : java.util.List.of());
        model.addAttribute("runs", migrations.forPlatform(id, PAST_RUNS));
        return "site/fleet-form";
    }

    @PostMapping("/platforms/{id}/migrate-sites")
    String start(@PathVariable long id, @RequestParam(required = false) Long targetPlatformId, Principal principal,
                 Model model) {
        try {
            if (targetPlatformId == null) {
                throw new InvalidInputException("targetPlatformId", "Choose the platform to migrate the sites to.");
            }
            FleetMigration run = migrations.start(id, targetPlatformId, principal.getName());
            return "redirect:/platforms/" + id + "/migrations/" + run.id();
        } catch (InvalidInputException refused) {
            model.addAttribute("error", refused.getMessage());
            model.addAttribute("chosen", targetPlatformId);
            return form(id, model);
        }
    }

    @GetMapping("/platforms/{id}/migrations/{migrationId}")
    String show(@PathVariable long id, @PathVariable long migrationId, Model model) {
        model.addAttribute("run", migrations.get(id, migrationId));
        return "site/fleet";
    }
}
