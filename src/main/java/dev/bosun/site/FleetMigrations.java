package dev.bosun.site;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.platform.MigrationTarget;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformComparison;
import dev.bosun.platform.PlatformNotFoundException;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.PlatformSite;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskQueries;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A platform's "Migrate all sites" (Aegir offers migrate on the platform page): queues one migrate
 * task per enabled site of the platform to one target platform. The dispatcher runs them in
 * parallel across sites, within the per-server limit; each site's migrate rolls back on its own.
 * What was queued, and why a site was not, is recorded for the summary page.
 */
@Service
public class FleetMigrations {

    private final PlatformService platforms;
    private final PlatformComparison comparison;
    private final SiteTasks siteTasks;
    private final SettingsService settings;
    private final AuditLog auditLog;
    private final TaskQueries taskQueries;
    private final JdbcClient jdbc;

    FleetMigrations(PlatformService platforms, PlatformComparison comparison, SiteTasks siteTasks,
                    SettingsService settings, AuditLog auditLog, TaskQueries taskQueries, JdbcClient jdbc) {
        this.platforms = platforms;
        this.comparison = comparison;
        this.siteTasks = siteTasks;
        this.settings = settings;
        this.auditLog = auditLog;
        this.taskQueries = taskQueries;
        this.jdbc = jdbc;
    }

    /** Whether the Migrate feature is on; without it there is no "Migrate all sites". */
    public boolean available() {
        return settings.isEnabled(Feature.MIGRATE);
    }

    /** The enabled sites of a platform, the ones "Migrate all sites" moves. */
    public List<PlatformSite> enabledSites(long platformId) {
        return platforms.sites(platformId).stream().filter(site -> site.status() == PlatformSite.Status.ENABLED)
                .toList();
    }

    /** Every other live platform, with how many of this platform's enabled sites can move there. */
    public List<FleetTarget> targets(long platformId) {
        Platform source = platforms.get(platformId);
        List<PlatformSite> sites = enabledSites(source.id());
        Map<Long, int[]> movable = new LinkedHashMap<>();
        Map<Long, Map<String, Integer>> blocked = new LinkedHashMap<>();
        for (PlatformSite site : sites) {
            for (MigrationTarget target : comparison.targets(site.id(), ClientScope.ALL)) {
                if (target.current()) {
                    continue;
                }
                movable.computeIfAbsent(target.platformId(), id -> new int[1]);
                if (target.selectable()) {
                    movable.get(target.platformId())[0]++;
                } else {
                    blocked.computeIfAbsent(target.platformId(), id -> new TreeMap<>())
                            .merge(target.reason(), 1, Integer::sum);
                }
            }
        }
        List<FleetTarget> targets = new ArrayList<>();
        for (Platform platform : platforms.list()) {
            if (platform.id() == source.id() || platform.status() == PlatformStatus.DELETED) {
                continue;
            }
            int count = movable.containsKey(platform.id()) ? movable.get(platform.id())[0] : 0;
            Map<String, Integer> reasons = blocked.getOrDefault(platform.id(), Map.of());
            if (count == 0 && reasons.isEmpty() && !sites.isEmpty()) {
                reasons = Map.of(platform.status() == PlatformStatus.LOCKED ? "The platform is locked."
                        : "No site can move there.", sites.size());
            }
            targets.add(new FleetTarget(platform.id(), platform.name(), platform.coreVersion(), count, sites.size(),
                    reasons));
        }
        return targets;
    }

    /**
     * Queues a migrate to {@code targetPlatformId} for every enabled site of the platform. A site whose
     * migrate is refused (its comparison has errors, a migrate is already open, ...) is recorded with
     * the reason; the others go ahead. Each site is queued in its own transaction: one refusal does not
     * undo the others.
     */
    public FleetMigration start(long platformId, long targetPlatformId, String requestedBy) {
        if (!available()) {
            throw new InvalidInputException("targetPlatformId", "Migrate is off: turn it on under Admin → Features.");
        }
        Platform source = platforms.get(platformId);
        if (targetPlatformId == source.id()) {
            throw new InvalidInputException("targetPlatformId", "Choose a platform other than " + source.name() + ".");
        }
        Platform target;
        try {
            target = platforms.get(targetPlatformId);
        } catch (PlatformNotFoundException missing) {
            throw new InvalidInputException("targetPlatformId", "There is no platform " + targetPlatformId + ".");
        }
        if (target.status() != PlatformStatus.ENABLED) {
            throw new InvalidInputException("targetPlatformId", target.name() + " is "
                    + target.status().name().toLowerCase() + ": it takes no sites.");
        }
        List<PlatformSite> sites = enabledSites(source.id());
        if (sites.isEmpty()) {
            throw new InvalidInputException("targetPlatformId", source.name() + " has no enabled site to migrate.");
        }
        long id = jdbc.sql("""
                INSERT INTO fleet_migrations (platform_id, target_platform_id, requested_by)
                VALUES (:platform, :target, :by) RETURNING id""")
                .param("platform", source.id()).param("target", target.id()).param("by", requestedBy)
                .query(Long.class).single();
        int queued = 0;
        for (PlatformSite site : sites) {
            Long taskId = null;
            String refused = null;
            try {
                QueuedTask task = siteTasks.queue(site.id(), SiteTaskType.MIGRATE,
                        new SiteTaskArgs.Migrate(null, target.id(), null), ClientScope.ALL, requestedBy);
                if (task.created()) {
                    taskId = task.task().id();
                    queued++;
                } else {
                    refused = "A migrate of this site is already " + task.task().status().name().toLowerCase()
                            + " (task " + task.task().id() + ").";
                }
            } catch (SiteTaskNotOfferedException | InvalidInputException | SiteNotFoundException e) {
                refused = e.getMessage();
            }
            jdbc.sql("""
                    INSERT INTO fleet_migration_sites (migration_id, site_id, domain, task_id, refused)
                    VALUES (:id, :site, :domain, :task, :refused)""")
                    .param("id", id).param("site", site.id()).param("domain", site.domain())
                    .param("task", taskId).param("refused", refused).update();
        }
        auditLog.record("platform.migrate-sites", "platform", source.id(), "to " + target.name() + ": " + queued
                + " of " + sites.size() + " site(s) queued");
        return get(source.id(), id);
    }

    @Transactional(readOnly = true)
    public FleetMigration get(long platformId, long id) {
        return jdbc.sql(SELECT + " WHERE m.id = :id AND m.platform_id = :platform")
                .param("id", id).param("platform", platformId)
                .query(this::migration).optional()
                .orElseThrow(() -> new FleetMigrationNotFoundException(platformId, id));
    }

    /** The platform's fleet migrations, newest first. */
    @Transactional(readOnly = true)
    public List<FleetMigration> forPlatform(long platformId, int limit) {
        return jdbc.sql(SELECT + " WHERE m.platform_id = :platform ORDER BY m.created_at DESC, m.id DESC LIMIT :limit")
                .param("platform", platformId).param("limit", limit)
                .query(this::migration).list();
    }

    private static final String SELECT = """
            SELECT m.id, m.platform_id, m.target_platform_id, m.requested_by, m.created_at
            FROM fleet_migrations m""";

    private FleetMigration migration(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("id");
        List<FleetMigration.Site> sites = jdbc.sql("""
                SELECT f.site_id, f.domain, f.task_id, f.refused FROM fleet_migration_sites f
                WHERE f.migration_id = :id ORDER BY f.domain""")
                .param("id", id)
                .query((r, n) -> new FleetMigration.Site(r.getLong("site_id"), r.getString("domain"),
                        (Long) r.getObject("task_id"), null, r.getString("refused")))
                .list().stream()
                .map(site -> site.taskId() == null ? site : new FleetMigration.Site(site.siteId(), site.domain(),
                        site.taskId(), taskQueries.status(site.taskId()).orElse(null), site.refused()))
                .toList();
        long platformId = rs.getLong("platform_id");
        long targetId = rs.getLong("target_platform_id");
        return new FleetMigration(id, platformId, platforms.get(platformId).name(),
                targetId, platforms.get(targetId).name(), rs.getString("requested_by"),
                rs.getTimestamp("created_at").toInstant(), sites);
    }
}
