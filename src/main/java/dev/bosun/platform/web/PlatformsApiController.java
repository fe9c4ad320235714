package dev.bosun.platform.web;

import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.platform.Comparison;
import dev.bosun.platform.ComparisonRow;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.PackageRelease;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformPackage;
import dev.bosun.platform.PlatformRegistration;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.PlatformSite;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.platform.PlatformTask;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskAlreadyOpenException;
import dev.bosun.task.TaskSummary;
import dev.bosun.task.UnknownTaskTypeException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/platforms}: staff only, except the comparison, which a client user may run on its own sites. */
@RestController
@RequestMapping("/api/v1/platforms")
@PreAuthorize("hasAnyRole('ADMIN', 'OPERATOR')")
class PlatformsApiController {

    private final PlatformService platforms;
    private final PackageRegistry registry;
    private final PlatformComparison comparison;
    private final AccountService accounts;

    PlatformsApiController(PlatformService platforms, PackageRegistry registry, PlatformComparison comparison,
                           AccountService accounts) {
        this.platforms = platforms;
        this.registry = registry;
        this.comparison = comparison;
        this.accounts = accounts;
    }

    @GetMapping
    List<PlatformJson> list() {
        return platforms.list().stream().map(PlatformJson::of).toList();
    }

    /** Registers a platform {@code {name, serverId, rootPath[, docroot, drushPath]}}; its verify is queued. */
    @PostMapping
    ResponseEntity<RegisteredJson> register(@Valid @RequestBody PlatformForm form, Principal principal) {
        PlatformRegistration registration = platforms.register(form, principal.getName(),
                Role.ADMIN.heldBy(principal));
        Platform platform = registration.platform();
        return ResponseEntity.created(URI.create("/api/v1/platforms/" + platform.id()))
                .body(new RegisteredJson(PlatformJson.of(platform), registration.verifyTaskId()));
    }

    /** The page site tasks ask the platform's sites for to confirm they serve: {@code {checkPath}}, {@code /} by default. */
    @GetMapping("/{id}/check-path")
    CheckPathJson checkPath(@PathVariable long id) {
        return new CheckPathJson(platforms.checkPath(id));
    }

    /** Sets it (admin); a path that does not start with {@code /} is a 422 on {@code checkPath}. */
    @PutMapping("/{id}/check-path")
    @PreAuthorize("hasRole('ADMIN')")
    CheckPathJson setCheckPath(@PathVariable long id, @RequestBody CheckPathJson body, Principal principal) {
        platforms.setCheckPath(id, body.checkPath(), principal.getName());
        return new CheckPathJson(platforms.checkPath(id));
    }

    record CheckPathJson(String checkPath) {
    }

    @GetMapping("/{id}")
    PlatformDetailsJson show(@PathVariable long id) {
        return new PlatformDetailsJson(PlatformJson.of(platforms.get(id)),
                registry.platformPackages(id).stream().map(PackageJson::of).toList(),
                registry.platformLanguages(id), platforms.sites(id));
    }

    /**
     * Queues {@code verify}, {@code lock}, {@code unlock} or {@code delete}: 202 with the task; 409 when
     * the state does not offer it or the same task is already open; 422 for another type.
     */
    @PostMapping("/{id}/tasks")
    ResponseEntity<TaskSummary> queueTask(@PathVariable long id, @Valid @RequestBody TaskJson request,
                                          Principal principal) {
        PlatformTask task = PlatformTask.fromCode(request.type())
                .orElseThrow(() -> new UnknownTaskTypeException(TargetType.PLATFORM, request.type()));
        QueuedTask queued = platforms.queueTask(id, task, principal.getName());
        if (!queued.created()) {
            throw new TaskAlreadyOpenException(queued.task());
        }
        return ResponseEntity.accepted().body(queued.task());
    }

    /** The site's enabled packages against the target platform, one row each. */
    @GetMapping("/{id}/compare/{targetId}")
    @PreAuthorize("isAuthenticated()")
    List<CompareRowJson> compare(@PathVariable long id, @PathVariable long targetId, @RequestParam long site,
                                 Principal principal) {
        Comparison result = comparison.compare(id, targetId, site, accounts.clientScope(principal.getName()));
        return result.rows().stream().map(CompareRowJson::of).toList();
    }

    record PlatformJson(long id, String name, long serverId, String server, String rootPath, String docroot,
                        String drushPath, PlatformStatus status, String coreVersion, Instant verifiedAt, long sites,
                        List<String> availableTasks) {

        static PlatformJson of(Platform p) {
            return new PlatformJson(p.id(), p.name(), p.serverId(), p.serverName(), p.rootPath(), p.docroot(),
                    p.drushPath(), p.status(), p.coreVersion(), p.verifiedAt(), p.liveSites(),
                    p.offeredTasks().stream().map(PlatformTask::code).toList());
        }
    }

    record RegisteredJson(PlatformJson platform, long verifyTaskId) {
    }

    record PlatformDetailsJson(PlatformJson platform, List<PackageJson> packages, List<ScannedLanguage> languages,
                               List<PlatformSite> sites) {
    }

    record PackageJson(String name, String type, String title, String version, Integer schema, String path,
                       boolean hidden) {

        static PackageJson of(PlatformPackage p) {
            return new PackageJson(p.name(), p.type().code(), p.title(), p.version(), p.schemaVersion(), p.path(),
                    p.hidden());
        }
    }

    record TaskJson(@NotBlank(message = "Name the task: verify, lock, unlock or delete.") String type) {
    }

    record ReleaseJson(String version, Integer schema) {

        static ReleaseJson of(PackageRelease release) {
            return release == null ? null : new ReleaseJson(release.version(), release.schema());
        }
    }

    record CompareRowJson(@JsonProperty("package") String name, String type, ReleaseJson current, ReleaseJson target,
                          String result, String reason) {

        static CompareRowJson of(ComparisonRow row) {
            return new CompareRowJson(row.name(), row.type().code(), ReleaseJson.of(row.current()),
                    ReleaseJson.of(row.target()), row.result().code(), row.reason());
        }
    }
}
