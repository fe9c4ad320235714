package dev.bosun.backup;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The backup manager (Aegir's hosting_site_backup_manager): the archive and schedule settings,
 * per-site schedules, retention rules, and the plan of what is due now. Its Quartz job runs
 * {@link #runScheduled()} every minute on one node of the cluster, which queues the due backups
 * and the retention deletions as ordinary site tasks.
 */
@Service
public class BackupManagerService {

    /** Who the manager's tasks are requested by, in the task list and the audit log. */
    public static final String REQUESTED_BY = "backup manager";
    static final String BACKUP_TASK = "backup";
    static final String BACKUP_DELETE_TASK = "backup-delete";
    /** A site whose retention backup-delete failed is tried again this much later, not every minute. */
    static final Duration FAILED_DELETE_RETRY = Duration.ofHours(1);
    /** Serializes scheduled runs across the nodes sharing the database (beside Quartz's own guard). */
    private static final long RUN_LOCK = 0x626f73756e02L;

    private static final Logger log = LoggerFactory.getLogger(BackupManagerService.class);

    private final JdbcClient jdbc;
    private final BackupSettingsStore store;
    private final SettingsService panelSettings;
    private final AuditLog auditLog;
    private final TaskService tasks;
    private final Clock clock;

    BackupManagerService(JdbcClient jdbc, BackupSettingsStore store, SettingsService panelSettings, AuditLog auditLog,
                         TaskService tasks, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.panelSettings = panelSettings;
        this.auditLog = auditLog;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** Whether the Backup manager feature is on (Admin → Features); without it nothing is scheduled. */
    public boolean isActive() {
        return panelSettings.isEnabled(Feature.BACKUP_MANAGER);
    }

    @Transactional(readOnly = true)
    public ArchiveSettings archiveSettings() {
        return store.archiveSettings();
    }

    @Transactional
    public void updateArchiveSettings(ArchiveSettings settings) {
        store.saveArchiveSettings(settings);
        auditLog.record("backup.settings", "setting", null, "Compression level " + settings.level() + ", threads "
                + (settings.threads() == 0 ? "automatic" : settings.threads()));
    }

    @Transactional(readOnly = true)
    public BackupManagerSettings settings() {
        return store.managerSettings();
    }

    @Transactional
    public void updateSettings(BackupManagerSettings settings) {
        store.saveManagerSettings(settings);
        auditLog.record("backup.settings", "setting", null, "Schedule " + (settings.schedule().enabled() ? "on" : "off")
                + " every " + settings.schedule().interval().toHours() + " h; window " + settings.window().label()
                + " (" + settings.zone() + "); retention " + (settings.retentionEnabled() ? "on" : "off"));
    }

    @Transactional(readOnly = true)
    public List<SiteSchedule> siteSchedules() {
        return jdbc.sql("""
                SELECT o.site_id, s.domain, o.enabled, o.interval_hours
                FROM backup_site_schedules o JOIN sites s ON s.id = o.site_id
                WHERE s.status <> 'DELETED' ORDER BY s.domain""")
                .query((rs, n) -> siteSchedule(rs)).list();
    }

    /** As {@link #setSiteSchedule(long, boolean, Duration)}, for the site with this domain. */
    @Transactional
    public void setSiteSchedule(String domain, boolean enabled, Duration interval) {
        long siteId = jdbc.sql("SELECT id FROM sites WHERE domain = :domain AND status <> 'DELETED'")
                .param("domain", domain.strip().toLowerCase(java.util.Locale.ROOT)).query(Long.class).optional()
                .orElseThrow(() -> new InvalidInputException("domain", "There is no site " + domain.strip() + "."));
        setSiteSchedule(siteId, enabled, interval);
    }

    /** Gives a site its own interval ({@code enabled}) or opts it out of scheduled backups. */
    @Transactional
    public void setSiteSchedule(long siteId, boolean enabled, Duration interval) {
        if (enabled && interval == null) {
            throw new InvalidInputException("intervalHours", "Give the site's own interval, or opt it out.");
        }
        String domain = jdbc.sql("SELECT domain FROM sites WHERE id = :id AND status <> 'DELETED'").param("id", siteId)
                .query(String.class).optional()
                .orElseThrow(() -> new InvalidInputException("siteId", "There is no such site."));
        SiteSchedule schedule = new SiteSchedule(siteId, domain, enabled, interval);
        jdbc.sql("""
                INSERT INTO backup_site_schedules (site_id, enabled, interval_hours, updated_at, updated_by)
                VALUES (:siteId, :enabled, :hours, :now, :by)
                ON CONFLICT (site_id) DO UPDATE SET enabled = :enabled, interval_hours = :hours,
                    updated_at = :now, updated_by = :by""")
                .param("siteId", siteId).param("enabled", enabled)
                .param("hours", schedule.interval() == null ? null : (int) schedule.interval().toHours())
                .param("now", Timestamp.from(clock.instant())).param("by", AuditLog.currentUsername())
                .update();
        auditLog.record("backup.schedule", "site", siteId, enabled
                ? "Own backup schedule: every " + schedule.interval().toHours() + " h" : "Opted out of scheduled backups");
    }

    /** The site follows the default schedule again. */
    @Transactional
    public void removeSiteSchedule(long siteId) {
        if (jdbc.sql("DELETE FROM backup_site_schedules WHERE site_id = :id").param("id", siteId).update() > 0) {
            auditLog.record("backup.schedule", "site", siteId, "Follows the default backup schedule");
        }
    }

    @Transactional(readOnly = true)
    public List<RetentionRule> retentionRules() {
        return jdbc.sql("""
                SELECT id, older_than_amount, older_than_unit, keep_per_amount, keep_per_unit, applies_to
                FROM backup_retention_rules ORDER BY id""")
                .query((rs, n) -> new RetentionRule(rs.getLong(1), rs.getInt(2), RetentionUnit.valueOf(rs.getString(3)),
                        rs.getInt(4), RetentionUnit.valueOf(rs.getString(5)), RetentionRule.Scope.valueOf(rs.getString(6))))
                .list();
    }

    @Transactional
    public RetentionRule addRetentionRule(RetentionRule rule) {
        long id = jdbc.sql("""
                INSERT INTO backup_retention_rules (older_than_amount, older_than_unit, keep_per_amount, keep_per_unit,
                    applies_to) VALUES (:olderAmount, :olderUnit, :keepAmount, :keepUnit, :scope) RETURNING id""")
                .param("olderAmount", rule.olderThanAmount()).param("olderUnit", rule.olderThanUnit().name())
                .param("keepAmount", rule.keepPerAmount()).param("keepUnit", rule.keepPerUnit().name())
                .param("scope", rule.appliesTo().name())
                .query(Long.class).single();
        auditLog.record("backup.retention.add", "setting", id, rule.label());
        return new RetentionRule(id, rule.olderThanAmount(), rule.olderThanUnit(), rule.keepPerAmount(),
                rule.keepPerUnit(), rule.appliesTo());
    }

    @Transactional
    public void deleteRetentionRule(long id) {
        if (jdbc.sql("DELETE FROM backup_retention_rules WHERE id = :id").param("id", id).update() > 0) {
            auditLog.record("backup.retention.delete", "setting", id, null);
        }
    }

    /**
     * Enabled sites whose scheduled backup is due at {@code now}, window not considered: the
     * interval (own or default) has passed since the latest backup or backup task of the site,
     * and no backup or delete task is queued or running. Counting attempts keeps a failing site
     * from being retried every minute: it is tried again one interval later.
     */
    @Transactional(readOnly = true)
    public List<DueBackup> dueBackups(Instant now) {
        BackupSchedule schedule = settings().schedule();
        List<DueBackup> due = new ArrayList<>();
        jdbc.sql("""
                SELECT s.id, s.domain, o.site_id AS own, o.enabled AS own_enabled, o.interval_hours AS own_hours,
                       GREATEST((SELECT max(b.created_at) FROM backups b WHERE b.site_id = s.id),
                                (SELECT max(t.created_at) FROM tasks t
                                 WHERE t.target_type = 'SITE' AND t.target_id = s.id AND t.type = 'backup')) AS last,
                       EXISTS (SELECT 1 FROM tasks t WHERE t.target_type = 'SITE' AND t.target_id = s.id
                               AND t.type IN ('backup', 'delete') AND t.status IN ('QUEUED', 'PROCESSING')) AS open
                FROM sites s LEFT JOIN backup_site_schedules o ON o.site_id = s.id
                WHERE s.status = 'ENABLED' ORDER BY s.id""")
                .query(rs -> {
                    SiteSchedule own = rs.getObject("own") == null ? null : siteSchedule(rs.getLong("id"),
                            rs.getString("domain"), rs.getBoolean("own_enabled"), (Integer) rs.getObject("own_hours"));
                    Instant last = instant(rs.getTimestamp("last"));
                    Optional<Duration> interval = schedule.intervalFor(own);
                    if (interval.isPresent() && !rs.getBoolean("open") && BackupSchedule.isDue(interval.get(), last, now)) {
                        due.add(new DueBackup(rs.getLong("id"), rs.getString("domain"), last));
                    }
                });
        return due;
    }

    /**
     * Per site, the backups the retention rules delete at {@code now}; empty while retention is off.
     * Left out until later: a backup an open task names (a queued restore), and the sites whose
     * last retention backup-delete failed within {@link #FAILED_DELETE_RETRY}.
     */
    @Transactional(readOnly = true)
    public Map<Long, List<Long>> retentionDeletions(Instant now) {
        List<RetentionRule> rules = retentionRules();
        if (!settings().retentionEnabled() || rules.isEmpty()) {
            return Map.of();
        }
        Retention retention = new Retention(rules);
        Map<Long, List<RetentionCandidate>> bySite = jdbc.sql("""
                SELECT b.id, b.site_id, b.created_at, b.kind, s.status = 'DELETED' AS deleted
                FROM backups b JOIN sites s ON s.id = b.site_id
                WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.target_type = 'SITE' AND t.target_id = b.site_id
                                  AND t.type = 'backup-delete' AND t.status = 'ERROR'
                                  AND t.requested_by = :manager AND t.finished_at > :retryAfter)
                ORDER BY b.site_id, b.created_at""")
                .param("manager", REQUESTED_BY)
                .param("retryAfter", Timestamp.from(now.minus(FAILED_DELETE_RETRY)))
                .query((rs, n) -> Map.entry(rs.getLong("site_id"), new RetentionCandidate(rs.getLong("id"),
                        rs.getTimestamp("created_at").toInstant(), BackupKind.valueOf(rs.getString("kind")),
                        rs.getBoolean("deleted"))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey, LinkedHashMap::new,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        Set<Long> inUse = backupsNamedByOpenTasks();
        Map<Long, List<Long>> deletions = new LinkedHashMap<>();
        bySite.forEach((siteId, backups) -> {
            List<Long> doomed = retention.toDelete(backups, now).stream().filter(id -> !inUse.contains(id)).toList();
            if (!doomed.isEmpty()) {
                deletions.put(siteId, doomed);
            }
        });
        return deletions;
    }

    private Set<Long> backupsNamedByOpenTasks() {
        return new HashSet<>(jdbc.sql("""
                SELECT (args::jsonb ->> 'backupId')::bigint FROM tasks
                WHERE status IN ('QUEUED', 'PROCESSING') AND args::jsonb ->> 'backupId' IS NOT NULL""")
                .query(Long.class).list());
    }

    /** What the manager would do at {@code now}: due backups (only inside the window) and retention deletions. */
    @Transactional(readOnly = true)
    public BackupPlan plan(Instant now) {
        BackupManagerSettings settings = settings();
        LocalDateTime local = LocalDateTime.ofInstant(now, settings.zone());
        boolean open = settings.window().allows(local);
        Instant next = open ? now : settings.window().nextAllowed(local)
                .map(time -> time.atZone(settings.zone()).toInstant()).orElse(null);
        return new BackupPlan(now, open, next, open ? dueBackups(now) : List.of(), retentionDeletions(now));
    }

    /**
     * The scheduled run: nothing while the feature is off. Queues, requested by
     * {@value #REQUESTED_BY}, a backup task ('Automated backup') for each due site (only inside the
     * window) and one backup-delete task per site with backups past retention. Idempotent: the
     * runs of all nodes take turns (an advisory lock held to commit), a queued backup makes its
     * site not due, and the queue returns the open task of a type instead of a second one. Empty
     * also when another node is running it at this moment.
     */
    @Transactional
    public Optional<ScheduledRun> runScheduled() {
        if (!isActive() || !takeRunLock()) {
            return Optional.empty();
        }
        BackupPlan plan = plan(clock.instant());
        if (plan.due().isEmpty() && plan.deletions().isEmpty()) {
            return Optional.of(new ScheduledRun(plan, List.of(), List.of()));
        }
        log.info("Backup manager: {} backup(s) due, {} backup(s) past retention", plan.due().size(),
                plan.deletionCount());
        ScheduledRun run = new ScheduledRun(plan, queueBackups(plan), queueDeletions(plan));
        if (run.queuedCount() > 0) {
            log.info("Backup manager: queued {} task(s)", run.queuedCount());
            auditLog.recordAs(REQUESTED_BY, "backup.manager.run", "setting", null, "Queued "
                    + run.backups().stream().filter(QueuedTask::created).count() + " backup(s) and "
                    + run.deletions().stream().filter(QueuedTask::created).count() + " backup-delete task(s)");
        }
        return Optional.of(run);
    }

    private List<QueuedTask> queueBackups(BackupPlan plan) {
        Map<Long, Long> webServers = webServers(plan);
        Map<String, Object> args = Map.of("description", BackupKind.AUTOMATED.defaultDescription(), "kind",
                "automated");
        return plan.due().stream()
                .map(due -> tasks.queue(TaskRequest.forSite(BACKUP_TASK, due.siteId(), webServers.get(due.siteId()),
                        args, REQUESTED_BY)))
                .toList();
    }

    /** Backup-delete works on the master's files only, so it loads no server of the site. */
    private List<QueuedTask> queueDeletions(BackupPlan plan) {
        return plan.deletions().entrySet().stream()
                .map(site -> tasks.queue(TaskRequest.forSite(BACKUP_DELETE_TASK, site.getKey(), null,
                        Map.of("backupIds", site.getValue()), REQUESTED_BY)))
                .toList();
    }

    private boolean takeRunLock() {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", RUN_LOCK).query(Boolean.class).single();
    }

    /** The web server of each due site, which the per-server limit of the queue counts. */
    private Map<Long, Long> webServers(BackupPlan plan) {
        List<Long> ids = plan.due().stream().map(DueBackup::siteId).toList();
        Map<Long, Long> servers = new HashMap<>();
        if (!ids.isEmpty()) {
            jdbc.sql("SELECT s.id, p.server_id FROM sites s JOIN platforms p ON p.id = s.platform_id WHERE s.id IN (:ids)")
                    .param("ids", ids).query(rs -> {
                        servers.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return servers;
    }

    private static SiteSchedule siteSchedule(ResultSet rs) throws SQLException {
        return siteSchedule(rs.getLong("site_id"), rs.getString("domain"), rs.getBoolean("enabled"),
                (Integer) rs.getObject("interval_hours"));
    }

    private static SiteSchedule siteSchedule(long siteId, String domain, boolean enabled, Integer hours) {
        return new SiteSchedule(siteId, domain, enabled, hours == null ? null : Duration.ofHours(hours));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
