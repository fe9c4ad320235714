package dev.bosun.site;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskFilter;
import dev.bosun.task.TaskPage;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskScope;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TargetType;
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

    private final SiteQueries sites;
    private final SiteTaskRules rules;
    private final SettingsService settings;
    private final TaskService tasks;
    private final TaskQueries taskQueries;
    private final SiteTaskArguments arguments;
    private final AuditLog auditLog;

    SiteTasks(SiteQueries sites, SiteTaskRules rules, SettingsService settings, TaskService tasks,
              TaskQueries taskQueries, SiteTaskArguments arguments, AuditLog auditLog) {
        this.sites = sites;
        this.rules = rules;
        this.settings = settings;
        this.tasks = tasks;
        this.taskQueries = taskQueries;
        this.arguments = arguments;
        this.auditLog = auditLog;
    }

    /** The site's task buttons now. */
    @Transactional(readOnly = true)
    public List<SiteTaskRules.TaskButton> buttons(SiteSummary site) {
        return rules.buttons(situation(site)).stream()
                .filter(button -> !button.offered() || runnable(button.type()))
                .toList();
    }

    /** The type keys of the tasks the site offers now, for the API's {@code availableTasks}. */
    @Transactional(readOnly = true)
    public List<String> available(SiteSummary site) {
        return buttons(site).stream().filter(SiteTaskRules.TaskButton::offered).map(b -> b.type().key()).toList();
    }

    @Transactional(readOnly = true)
    public TaskPage history(long siteId, int page) {
        return taskQueries.page(new TaskFilter(null, null, siteId, null, page, HISTORY), TaskScope.ALL);
    }

    /**
     * Queues a task on a site the scope may see (else 404) when its state offers it (else 409),
     * with checked arguments (else 422).
     */
    @Transactional
    public QueuedTask queue(long siteId, SiteTaskType type, Map<String, Object> args, ClientScope scope,
                            String requestedBy) {
        SiteSummary site = sites.get(siteId, scope);
        if (!rules.allows(situation(site), type) || !runnable(type)) {
            throw new SiteTaskNotOfferedException(site.domain(), type, site.status());
        }
        Map<String, Object> checked = arguments.check(site, type, args == null ? Map.of() : args);
        QueuedTask queued = tasks.queue(TaskRequest.forSite(type.key(), siteId, site.webServerId(), checked,
                requestedBy));
        if (queued.created()) {
            auditLog.record("site.task." + type.key(), "site", siteId, site.domain());
        }
        return queued;
    }

    /** Queues the install of a new site, on behalf of whoever created it. */
    @Transactional
    public QueuedTask queueInstall(long siteId, String requestedBy) {
        return queue(siteId, SiteTaskType.INSTALL, Map.of(), ClientScope.ALL, requestedBy);
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
