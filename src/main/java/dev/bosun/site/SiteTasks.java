package dev.bosun.site;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupManagerService;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskSummary;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskFilter;
import dev.bosun.task.TaskPage;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskScope;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tasks on sites: what a site offers now (through {@link SiteTaskRules}), queueing one, and the
 * site's task history.
 */
@Service
public class SiteTasks {

    static final int HISTORY = 20;
    private static final int ACTIVITY = 20;

    private final SiteQueries sites;
    private final SiteTaskRules rules;
    private final SettingsService settings;
    private final TaskService tasks;
    private final TaskQueries taskQueries;
    private final SiteTaskArguments arguments;
    private final MoveTargets moveTargets;
    private final AuditLog auditLog;

    SiteTasks(SiteQueries sites, SiteTaskRules rules, SettingsService settings, TaskService tasks,
              TaskQueries taskQueries, SiteTaskArguments arguments, MoveTargets moveTargets, AuditLog auditLog) {
        this.sites = sites;
        this.rules = rules;
        this.settings = settings;
        this.tasks = tasks;
        this.taskQueries = taskQueries;
        this.arguments = arguments;
        this.moveTargets = moveTargets;
        this.auditLog = auditLog;
    }

    /** The site's task buttons now, for staff. */
    @Transactional(readOnly = true)
    public List<SiteTaskRules.TaskButton> buttons(SiteSummary site) {
        return buttons(site, ClientScope.ALL);
    }

    /** The site's task buttons now, for a user of this scope: a client user sees only the types allowed to clients. */
    @Transactional(readOnly = true)
    public List<SiteTaskRules.TaskButton> buttons(SiteSummary site, ClientScope scope) {
        Set<String> permitted = permittedTypes(scope);
        return rules.buttons(situation(site)).stream()
                .filter(button -> !button.offered() || runnable(button.type()))
                .filter(button -> permitted == null || permitted.contains(button.type().key()))
                .toList();
    }

    /** The type keys of the tasks the site offers now, for the API's {@code availableTasks}. */
    @Transactional(readOnly = true)
    public List<String> available(SiteSummary site) {
        return available(site, ClientScope.ALL);
    }

    /** The same for a user of this scope. */
    @Transactional(readOnly = true)
    public List<String> available(SiteSummary site, ClientScope scope) {
        return buttons(site, scope).stream().filter(SiteTaskRules.TaskButton::offered).map(b -> b.type().key())
                .toList();
    }

    /** What the site's page says about its tasks: running, waiting, the latest outcome, a failed install. */
    @Transactional(readOnly = true)
    public SiteActivity activity(SiteSummary site) {
        List<TaskSummary> open = List.copyOf(taskQueries.openTasks(TargetType.SITE, site.id()).values());
        TaskSummary running = open.stream().filter(task -> task.status() == TaskStatus.PROCESSING).findFirst()
                .orElse(null);
        List<TaskSummary> waiting = open.stream().filter(task -> task.status() == TaskStatus.QUEUED).toList();
        List<TaskSummary> latest = taskQueries.latest(TargetType.SITE, site.id(), ACTIVITY);
        TaskDetails lastFinished = latest.stream().filter(task -> task.status().isFinished()).findFirst()
                .flatMap(task -> taskQueries.find(task.id(), TaskScope.ALL)).orElse(null);
        TaskDetails failedInstall = null;
        if (site.status() == SiteStatus.QUEUED
                && open.stream().noneMatch(task -> task.type().equals(SiteTaskType.INSTALL.key()))) {
            failedInstall = latest.stream().filter(task -> task.type().equals(SiteTaskType.INSTALL.key()))
                    .findFirst().filter(task -> task.status() == TaskStatus.ERROR)
                    .flatMap(task -> taskQueries.find(task.id(), TaskScope.ALL)).orElse(null);
        }
        return new SiteActivity(running, waiting, lastFinished, failedInstall);
    }

    /** The id of the site's queued or running task of this type, if there is one. */
    @Transactional(readOnly = true)
    public Optional<Long> openTask(long siteId, SiteTaskType type) {
        return openTaskSummary(siteId, type).map(TaskSummary::id);
    }

    /** The site's queued or running task of this type, if there is one. */
    @Transactional(readOnly = true)
    public Optional<TaskSummary> openTaskSummary(long siteId, SiteTaskType type) {
        return Optional.ofNullable(taskQueries.openTasks(TargetType.SITE, siteId).get(type.key()));
    }

    @Transactional(readOnly = true)
    public TaskPage history(long siteId, int page) {
        return taskQueries.page(new TaskFilter(null, null, siteId, null, page, HISTORY), TaskScope.ALL);
    }

    /**
     * Queues a task on a site the scope may see (else 404) of a type the scope may run (else 403: client users
     * run only the types the administrator allows) when its state offers it (else 409), with its arguments
     * checked once (else 422, every violation at once).
     */
    @Transactional
    public QueuedTask queue(long siteId, SiteTaskType type, SiteTaskArgs args, ClientScope scope,
                            String requestedBy) {
        return queue(siteId, type, args, null, scope, requestedBy);
    }

    /**
     * {@link #queue(long, SiteTaskType, SiteTaskArgs, ClientScope, String)} with the platforms the caller
     * already compared the site with ({@link MoveTargets#of}), so a dialog does not run the comparison again;
     * null to have them worked out here when a migrate or clone needs them.
     */
    @Transactional
    public QueuedTask queue(long siteId, SiteTaskType type, SiteTaskArgs args, List<MigrationTarget> targets,
                            ClientScope scope, String requestedBy) {
        SiteTaskArgs given = args == null ? new SiteTaskArgs.None() : args;
        if (!type.argsType().isInstance(given)) {
            throw new IllegalArgumentException("The task " + type.key() + " takes " + type.argsType().getSimpleName()
                    + ", not " + given.getClass().getSimpleName());
        }
        SiteSummary site = sites.get(siteId, scope);
        checkPermitted(type, scope);
        if (!rules.allows(situation(site), type) || !runnable(type)) {
            throw new SiteTaskNotOfferedException(site.domain(), type, site.status());
        }
        SiteTaskArgs checked = arguments.check(site, given, () -> targets != null ? targets : moveTargets.of(site),
                scope);
        QueuedTask queued = tasks.queue(request(site, type, site.webServerId(), checked, requestedBy));
        if (queued.created()) {
            auditLog.record("site.task." + type.key(), "site", siteId, site.domain());
        }
        return queued;
    }

    /** Queues the install of a new site, on behalf of whoever created it. */
    @Transactional
    public QueuedTask queueInstall(long siteId, String requestedBy) {
        return queue(siteId, SiteTaskType.INSTALL, new SiteTaskArgs.None(), ClientScope.ALL, requestedBy);
    }

    /** Whether the site's state offers a task of this type now (and this panel runs it). */
    @Transactional(readOnly = true)
    public boolean offers(long siteId, SiteTaskType type) {
        return sites.find(siteId, ClientScope.ALL)
                .filter(site -> rules.allows(situation(site), type) && runnable(type)).isPresent();
    }

    /**
     * A site as {@link #offering(SiteTaskType, List)} asks about it: with whether it has a backup, as its row keeps it
     * ({@code last_backup_at}), read with the rest.
     */
    public record Candidate(long id, String domain, SiteStatus status, boolean hasBackup) {
    }

    /**
     * Those of these sites that offer a task of this type now: the answer of
     * {@link #offers(long, SiteTaskType)} for each, with the open tasks of all of them read in one query (the backup
     * manager asks this of every live site every minute).
     */
    @Transactional(readOnly = true)
    public Set<Long> offering(SiteTaskType type, List<Candidate> candidates) {
        if (candidates.isEmpty() || !runnable(type)) {
            return Set.of();
        }
        Set<Long> offering = new java.util.LinkedHashSet<>();
        situations(candidates).forEach((id, situation) -> {
            if (rules.allows(situation, type)) {
                offering.add(id);
            }
        });
        return offering;
    }

    /**
     * {@link #available(SiteSummary, ClientScope)} for each of these sites, by site id, with the open tasks and
     * backups of all of them read in one query each (the API's list of sites).
     */
    @Transactional(readOnly = true)
    public Map<Long, List<String>> available(List<SiteSummary> sites, ClientScope scope) {
        Set<String> permitted = permittedTypes(scope);
        Map<Long, List<String>> available = new HashMap<>();
        Set<Long> withBackups = sites.isEmpty() ? Set.of()
                : this.sites.withBackups(sites.stream().map(SiteSummary::id).toList());
        situations(sites.stream().map(site -> new Candidate(site.id(), site.domain(), site.status(),
                withBackups.contains(site.id()))).toList())
                .forEach((id, situation) -> available.put(id, rules.buttons(situation).stream()
                        .filter(SiteTaskRules.TaskButton::offered)
                        .filter(button -> runnable(button.type()))
                        .filter(button -> permitted == null || permitted.contains(button.type().key()))
                        .map(button -> button.type().key()).toList()));
        return available;
    }

    /** The situation of each site as {@link #situation(SiteSummary)} reads it, in a few queries for all. */
    private Map<Long, SiteTaskRules.Situation> situations(List<Candidate> candidates) {
        List<Long> ids = candidates.stream().map(Candidate::id).toList();
        Map<Long, Map<String, TaskStatus>> open = ids.isEmpty() ? Map.of() : taskQueries.openTasks(TargetType.SITE, ids);
        Set<Feature> features = settings.enabledFeatures();
        boolean requireDisable = settings.siteSettings().requireDisableBeforeDelete();
        Map<Long, SiteTaskRules.Situation> situations = new java.util.LinkedHashMap<>();
        for (Candidate site : candidates) {
            situations.put(site.id(), new SiteTaskRules.Situation(site.status(), open.getOrDefault(site.id(), Map.of()),
                    site.hasBackup(), requireDisable, features,
                    site.status() == SiteStatus.QUEUED && sites.beingCloned(site.domain())));
        }
        return situations;
    }

    /**
     * Queues the backup manager's backup ('Automated backup') of a site, when the site's state
     * offers a backup now; empty when it does not.
     */
    @Transactional
    public Optional<QueuedTask> queueScheduledBackup(long siteId) {
        SiteSummary site = sites.get(siteId, ClientScope.ALL);
        if (!rules.allows(situation(site), SiteTaskType.BACKUP) || !runnable(SiteTaskType.BACKUP)) {
            return Optional.empty();
        }
        return Optional.of(queueForManager(site, SiteTaskType.BACKUP, site.webServerId(), new SiteTaskArgs.Backup(
                BackupKind.AUTOMATED.defaultDescription(), SiteTaskArgs.Backup.Kind.AUTOMATED)));
    }

    /**
     * Queues the backup manager's deletion of these backups of a site (past retention), when the
     * rules let retention prune the site now; empty when they do not. Backup-delete works on the
     * master's files only, so it loads no server of the site.
     */
    @Transactional
    public Optional<QueuedTask> queueRetentionDelete(long siteId, List<Long> backupIds) {
        SiteSummary site = sites.get(siteId, ClientScope.ALL);
        if (!rules.allowsRetentionDelete(situation(site)) || !runnable(SiteTaskType.BACKUP_DELETE)) {
            return Optional.empty();
        }
        return Optional.of(queueForManager(site, SiteTaskType.BACKUP_DELETE, null,
                new SiteTaskArgs.BackupDelete(List.copyOf(backupIds))));
    }

    /** A task of the backup manager, whose run records one audit line for all it queued. */
    private QueuedTask queueForManager(SiteSummary site, SiteTaskType type, Long serverId, SiteTaskArgs args) {
        return tasks.queue(request(site, type, serverId, args, BackupManagerService.REQUESTED_BY));
    }

    private static TaskRequest request(SiteSummary site, SiteTaskType type, Long serverId, SiteTaskArgs args,
                                       String requestedBy) {
        return TaskRequest.forSite(type.key(), site.id(), serverId, args, requestedBy)
                .listedAs(site.domain(), site.clientId());
    }

    /**
     * Refuses a type the scope may not run (a client user and a type the administrator does not allow
     * clients), before anything about the site is looked at or shown.
     */
    public void checkPermitted(SiteTaskType type, ClientScope scope) {
        Set<String> permitted = permittedTypes(scope);
        if (permitted != null && !permitted.contains(type.key())) {
            throw new SiteTaskNotPermittedException(type);
        }
    }

    /** The type keys a scope limited to clients (a client user) may run; null for staff, who run every type. */
    private Set<String> permittedTypes(ClientScope scope) {
        return scope.all() ? null : settings.clientTaskTypes();
    }

    /** A type this panel has a handler for (restore, migrate and clone may not be there yet). */
    private boolean runnable(SiteTaskType type) {
        return tasks.handles(TargetType.SITE, type.key());
    }

    SiteTaskRules.Situation situation(SiteSummary site) {
        Map<String, TaskStatus> open = new HashMap<>();
        taskQueries.openTasks(TargetType.SITE, site.id()).forEach((type, task) -> open.put(type, task.status()));
        Set<Feature> features = settings.enabledFeatures();
        return new SiteTaskRules.Situation(site.status(), open, arguments.hasBackups(site.id()),
                settings.siteSettings().requireDisableBeforeDelete(), features,
                site.status() == SiteStatus.QUEUED && sites.beingCloned(site.domain()));
    }
}
