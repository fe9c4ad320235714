package dev.bosun.site.web;

import java.net.URI;
import java.nio.file.Files;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupService;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.SitePackage;
import dev.bosun.site.SiteAlias;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.site.MoveTargets;
import dev.bosun.site.SiteForm;
import dev.bosun.site.SiteFormOptions.DbServerChoice;
import dev.bosun.site.SiteOptions;
import dev.bosun.site.SiteService;
import dev.bosun.site.SiteSummary;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.access.prepost.PreAuthorize;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.SiteTasks;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskAlreadyOpenException;
import dev.bosun.task.TaskSummary;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import dev.bosun.site.SiteFilter;
import dev.bosun.site.SitePage;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

@RestController
@RequestMapping("/api/v1/sites")
class SitesApiController {

    private final SiteQueries sites;
    private final SiteService siteService;
    private final SiteTasks siteTasks;
    private final AccountService accounts;
    private final TaskArgsJson taskArgs;
    private final MoveTargets moveTargets;
    private final SiteOptions options;

    private final PackageRegistry packageRegistry;
    private final BackupService backupService;

    SitesApiController(SiteQueries sites, SiteService siteService, SiteTasks siteTasks, AccountService accounts,
                       TaskArgsJson taskArgs, PackageRegistry packageRegistry, BackupService backupService,
                       MoveTargets moveTargets, SiteOptions options) {
        this.packageRegistry = packageRegistry;
        this.backupService = backupService;
        this.moveTargets = moveTargets;
        this.options = options;
        this.taskArgs = taskArgs;
        this.sites = sites;
        this.siteService = siteService;
        this.siteTasks = siteTasks;
        this.accounts = accounts;
    }

    /** One site with the tasks it offers now, its address and (after a login reset) its login link. */
    @GetMapping("/{id}")
    SiteResource show(Principal principal, @PathVariable long id) {
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        return SiteResource.of(site, sites.aliases(id), siteTasks.available(site, scope));
    }

    /**
     * What a migrate or clone of the site may choose: the platforms (with the comparison's counts, and why one
     * cannot take the site) and the database servers. A client user gets those its own sites use.
     */
    @GetMapping("/{id}/move-options")
    MoveOptions moveOptions(Principal principal, @PathVariable long id) {
        ClientScope scope = accounts.clientScope(principal.getName());
        SiteSummary site = sites.get(id, scope);
        return new MoveOptions(moveTargets.of(site, scope), options.dbServers(scope, sites));
    }

    record MoveOptions(List<MigrationTarget> platforms,
                       List<DbServerChoice> dbServers) {
    }

    /** Queues a task: 202 with it; 403 when a client user may not run its type; 409 when the site's state does not offer it now (or it is already open). */
    @PostMapping("/{id}/tasks")
    ResponseEntity<TaskSummary> queue(Principal principal, @PathVariable long id, @RequestBody TaskCommand command) {
        SiteSummary site = sites.get(id, accounts.clientScope(principal.getName()));
        SiteTaskType type = SiteTaskType.fromKey(command.type()).filter(t -> t != SiteTaskType.INSTALL)
                .orElseThrow(() -> new InvalidInputException("type", "Unknown task type " + command.type()
                        + "; one of verify, login-reset, backup, restore, backup-delete, disable, enable, delete,"
                        + " migrate, clone."));
        ClientScope scope = accounts.clientScope(principal.getName());
        // A type the caller may not run is refused before its arguments are read.
        siteTasks.checkPermitted(type, scope);
        QueuedTask queued = siteTasks.queue(site.id(), type, taskArgs.read(type, command.args()), scope,
                principal.getName());
        if (!queued.created()) {
            throw new TaskAlreadyOpenException(queued.task());
        }
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + queued.task().id()))
                .body(queued.task());
    }

    /** {@code args} is read as the record of the type once the type is known. */
    record TaskCommand(String type, JsonNode args) {
    }

    /** Creates a site and queues its install: 201 with the site; 422 listing the invalid fields. */
    @PostMapping
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    ResponseEntity<SiteResource> create(@Valid @RequestBody NewSite body) {
        long id;
        try {
            id = siteService.create(body.toForm());
        } catch (InvalidInputException e) {
            // the form calls the database server's field dbServiceId; the API's body calls it dbServerId
            throw new InvalidInputException(e.violations().stream()
                    .map(v -> v.field().equals("dbServiceId") ? new InvalidInputException.Violation("dbServerId",
                            v.message()) : v)
                    .toList());
        }
        SiteSummary site = sites.get(id, ClientScope.ALL);
        return ResponseEntity.created(URI.create("/api/v1/sites/" + id))
                .body(SiteResource.of(site, sites.aliases(id), siteTasks.available(site)));
    }

    /** The brief's body: {@code {domain, clientId, profile, platformId, language, dbServerId, aliases[]}}. */
    record NewSite(@NotBlank(message = "Enter the site's domain.") String domain,
                   @NotNull(message = "Choose the client that owns the site.") Long clientId,
                   @NotBlank(message = "Choose an install profile.") String profile,
                   @NotNull(message = "Choose a platform.") Long platformId, String language,
                   @NotNull(message = "Choose a database server.") Long dbServerId, List<String> aliases,
                   Boolean redirectAliases) {

        SiteForm toForm() {
            return new SiteForm(domain, clientId, profile, platformId, language, dbServerId,
                    aliases == null ? "" : String.join("\n", aliases), redirectAliases);
        }
    }

    /**
     * {@code {items[], page, size, total}} with each site as {@code GET /{id}} shows it; deleted sites only with
     * {@code status=DELETED}.
     */
    @GetMapping
    SiteResources list(Principal principal, @RequestParam(required = false) String q,
                       @RequestParam(required = false) SiteStatus status, @RequestParam(defaultValue = "0") int page,
                       @RequestParam(defaultValue = "50") int size) {
        ClientScope scope = accounts.clientScope(principal.getName());
        SitePage found = sites.page(new SiteFilter(q, status, page, size), scope);
        Map<Long, List<String>> available = siteTasks.available(found.items(), scope);
        Map<Long, List<SiteAlias>> aliases = sites.aliases(found.items().stream().map(SiteSummary::id).toList());
        return new SiteResources(found.items().stream()
                .map(site -> SiteResource.of(site, aliases.getOrDefault(site.id(), List.of()),
                        available.getOrDefault(site.id(), List.of())))
                .toList(), found.page(), found.size(), found.total());
    }

    /** A page of sites in the API. */
    record SiteResources(List<SiteResource> items, int page, int size, long total) {
    }

    /** The packages the site's last verify found: name, type, version, schema version, enabled. */
    @GetMapping("/{id}/packages")
    List<SitePackage> packages(Principal principal, @PathVariable long id) {
        SiteSummary site = sites.get(id, accounts.clientScope(principal.getName()));
        return packageRegistry.sitePackages(site.id());
    }

    /** The site's backups, newest first; {@code available} is false when the archive file is missing. */
    @GetMapping("/{id}/backups")
    List<BackupResource> backups(Principal principal, @PathVariable long id) {
        SiteSummary site = sites.get(id, accounts.clientScope(principal.getName()));
        return backupService.listForSite(site.id()).stream().map(BackupResource::of).toList();
    }

    /** A backup in the API. */
    record BackupResource(long id, Instant createdAt, long size, String sha256, String description, String fileName,
                          boolean available) {

        static BackupResource of(BackupInfo backup) {
            return new BackupResource(backup.id(), backup.createdAt(), backup.size(), backup.sha256(),
                    backup.description(), backup.fileName(), Files.isRegularFile(backup.path()));
        }
    }

    /**
     * Replaces the site's aliases and queues a verify (when its state offers one) so its web server answers for
     * them: 200 with the aliases and the verify task (null when none was queued); 422 naming a bad alias.
     */
    @PutMapping("/{id}/aliases")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    AliasesChanged changeAliases(Principal principal, @PathVariable long id, @RequestBody AliasesBody body) {
        var verify = siteService.changeAliases(id, body.aliases(), Boolean.TRUE.equals(body.redirect()),
                accounts.clientScope(principal.getName()), principal.getName());
        return new AliasesChanged(sites.aliases(id), verify.map(QueuedTask::task).orElse(null));
    }

    /** {@code {"aliases": ["www.example.com"], "redirect": false}}. */
    record AliasesBody(List<String> aliases, Boolean redirect) {
    }

    /** The site's aliases now and the verify task that puts them on its web server. */
    record AliasesChanged(List<SiteAlias> aliases, TaskSummary verifyTask) {
    }
}
