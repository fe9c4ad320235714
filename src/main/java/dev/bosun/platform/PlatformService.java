package dev.bosun.platform;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.account.AuditLog;
import dev.bosun.platform.internal.FleetLookups;
import dev.bosun.platform.internal.PlatformStore;
import dev.bosun.platform.internal.PlatformTaskQueue;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Platforms: registering one (which queues its verify), looking them up, queueing their tasks. */
@Service
public class PlatformService {

    private final PlatformStore platforms;
    private final FleetLookups fleet;
    private final PlatformTaskQueue tasks;
    private final AuditLog auditLog;

    PlatformService(PlatformStore platforms, FleetLookups fleet, PlatformTaskQueue tasks, AuditLog auditLog) {
        this.platforms = platforms;
        this.fleet = fleet;
        this.tasks = tasks;
        this.auditLog = auditLog;
    }

    /** How many platforms are not deleted. */
    @Transactional(readOnly = true)
    public long count() {
        return platforms.countLive();
    }

    /** Platforms that are not deleted, by name. */
    @Transactional(readOnly = true)
    public List<Platform> list() {
        return platforms.list();
    }

    /** The platforms with these ids, deleted ones included, by id. */
    @Transactional(readOnly = true)
    public Map<Long, Platform> byIds(Collection<Long> ids) {
        Map<Long, Platform> byId = new HashMap<>();
        platforms.byIds(ids).forEach(platform -> byId.put(platform.id(), platform));
        return byId;
    }

    /**
     * Name, web server and core version of the platforms with these ids, deleted ones included, by id: what a
     * list of sites shows, without counting each platform's sites as {@link #byIds} does.
     */
    @Transactional(readOnly = true)
    public Map<Long, PlatformLabel> labels(Collection<Long> ids) {
        Map<Long, PlatformLabel> byId = new HashMap<>();
        platforms.labels(ids).forEach(label -> byId.put(label.id(), label));
        return byId;
    }

    /** Enabled platforms on which the profile is offered (not hidden), by name: where a site with it can go. */
    @Transactional(readOnly = true)
    public List<Platform> enabledOffering(String profile) {
        return platforms.enabledOffering(profile);
    }

    /** A platform, deleted ones included (their history stays visible). */
    @Transactional(readOnly = true)
    public Platform get(long id) {
        return platforms.find(id).orElseThrow(() -> new PlatformNotFoundException(id));
    }

    /** The page (path and query) site tasks ask the platform's sites for to confirm that they serve; {@code /} by default. */
    @Transactional(readOnly = true)
    public String checkPath(long id) {
        return platforms.checkPath(id).orElseThrow(() -> new PlatformNotFoundException(id));
    }

    /**
     * Sets the page site tasks ask the platform's sites for (2xx or 3xx expected).
     *
     * @throws InvalidInputException unless it is a path starting with {@code /} of at most 200 printable characters
     */
    @Transactional
    public void setCheckPath(long id, String checkPath, String requestedBy) {
        get(id);
        if (checkPath == null || !checkPath.matches("/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]{0,199}")) {
            throw new InvalidInputException("checkPath", "Write a path that starts with /, e.g. / or /user/login "
                    + "(letters, digits and URL punctuation, at most 200 characters).");
        }
        platforms.setCheckPath(id, checkPath);
        auditLog.recordAs(requestedBy, "platform.check-path", "platform", id, checkPath);
    }

    /**
     * Records a new platform (QUEUED) and queues its verify, which scans the codebase and enables it.
     *
     * @throws InvalidInputException for a taken name, an unknown server, a path in use or with {@code ..}
     */
    @Transactional
    public PlatformRegistration register(PlatformForm form, String requestedBy) {
        return register(form, requestedBy, true);
    }

    /**
     * As {@link #register(PlatformForm, String)}; unless {@code admin}, the drush path must lie inside the
     * platform's root, so that an operator cannot make the panel run any program on the server.
     */
    @Transactional
    public PlatformRegistration register(PlatformForm form, String requestedBy, boolean admin) {
        checkRegistration(form);
        if (!admin) {
            checkDrushInsideRoot(form);
        }
        String root = form.normalizedRootPath();
        long id = platforms.insert(form.name().strip(), form.serverId(), root, form.docrootOrDefault(),
                form.drushPathOrDefault());
        auditLog.record("platform.register", "platform", id, form.name().strip() + " at " + root);
        QueuedTask verify = tasks.queue(id, form.name().strip(), PlatformTask.VERIFY.code(), form.serverId(),
                requestedBy);
        return new PlatformRegistration(get(id), verify.task().id());
    }

    private void checkRegistration(PlatformForm form) {
        checkNoDotSegments("rootPath", form.rootPath());
        checkNoDotSegments("docroot", form.docrootOrDefault());
        checkNoDotSegments("drushPath", form.drushPathOrDefault());
        if (platforms.nameTaken(form.name().strip())) {
            throw new InvalidInputException("name", "A platform named " + form.name().strip() + " exists already.");
        }
        if (fleet.server(form.serverId()).isEmpty()) {
            throw new InvalidInputException("serverId", "Choose an existing server.");
        }
        platforms.atPath(form.serverId(), form.normalizedRootPath()).ifPresent(other -> {
            throw new InvalidInputException("rootPath", "Platform " + other + " is already at this path on this server.");
        });
    }

    private static void checkDrushInsideRoot(PlatformForm form) {
        String drush = form.drushPathOrDefault();
        String root = form.normalizedRootPath();
        if (drush.startsWith("/") && !drush.startsWith(root.endsWith("/") ? root : root + "/")) {
            throw new InvalidInputException("drushPath", "Use a drush inside the platform's root (" + root
                    + "); only an administrator may point to one elsewhere.");
        }
    }

    private static void checkNoDotSegments(String field, String path) {
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidInputException(field, "'.' and '..' are not allowed in paths.");
            }
        }
    }

    /**
     * Queues a task on the platform if its state offers it, or returns the same task already open
     * ({@link QueuedTask#created()} false).
     *
     * @throws PlatformTaskRefusedException when the platform's state does not offer the task
     */
    @Transactional
    public QueuedTask queueTask(long id, PlatformTask task, String requestedBy) {
        Platform platform = get(id);
        if (!platform.offers(task)) {
            throw new PlatformTaskRefusedException(task.refusal(platform));
        }
        QueuedTask queued = tasks.queue(id, platform.name(), task.code(), platform.serverId(), requestedBy);
        if (queued.created()) {
            auditLog.record("platform." + task.code(), "platform", id, platform.name());
        }
        return queued;
    }

    /** Each task type that is queued or running on the platform, with its status. */
    @Transactional(readOnly = true)
    public Map<String, TaskStatus> openTasks(long id) {
        return tasks.open(id);
    }

    @Transactional(readOnly = true)
    public List<TaskSummary> recentTasks(long id, int limit) {
        get(id);
        return tasks.recent(id, limit);
    }

    /** The platform's sites that are not deleted. */
    @Transactional(readOnly = true)
    public List<PlatformSite> sites(long id) {
        return fleet.sitesOn(id);
    }

    /** A page (from 0) of the platform's sites that are not deleted, by domain. */
    @Transactional(readOnly = true)
    public NumberedPage<PlatformSite> sites(long id, int page) {
        long total = fleet.liveCount(id);
        return new NumberedPage<>(fleet.sitesOn(id, NumberedPage.offset(page), NumberedPage.SIZE), page, total);
    }

    /** Sites that are not deleted, to choose one to compare. */
    @Transactional(readOnly = true)
    public List<PlatformSite> comparableSites() {
        return fleet.sites();
    }

    /** Servers to choose from when registering a platform. */
    @Transactional(readOnly = true)
    public List<PlatformServer> servers() {
        return fleet.servers();
    }
}
