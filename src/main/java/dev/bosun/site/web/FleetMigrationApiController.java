package dev.bosun.site.web;

import java.security.Principal;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.site.FleetMigration;
import dev.bosun.site.FleetMigrations;
import dev.bosun.site.FleetTarget;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** "Migrate all sites" of a platform through the API. */
@RestController
@RequestMapping("/api/v1/platforms/{id}")
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
class FleetMigrationApiController {

    private final FleetMigrations migrations;

    FleetMigrationApiController(FleetMigrations migrations) {
        this.migrations = migrations;
    }

    /** The request body of {@code POST /platforms/{id}/migrations}. */
    record StartRequest(Long targetPlatformId) {
    }

    @GetMapping("/migration-targets")
    List<FleetTarget> targets(@PathVariable long id) {
        return migrations.targets(id);
    }

    @PostMapping("/migrations")
    ResponseEntity<FleetMigration> start(@PathVariable long id, @RequestBody StartRequest request,
                                         Principal principal) {
        if (request == null || request.targetPlatformId() == null) {
            throw new InvalidInputException("targetPlatformId", "Choose the platform to migrate the sites to.");
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(migrations.start(id, request.targetPlatformId(), principal.getName()));
    }

    @GetMapping("/migrations")
    List<FleetMigration> list(@PathVariable long id) {
        return migrations.forPlatform(id, FleetMigrationController.PAST_RUNS);
    }

    @GetMapping("/migrations/{migrationId}")
    FleetMigration show(@PathVariable long id, @PathVariable long migrationId) {
        return migrations.get(id, migrationId);
    }
}
