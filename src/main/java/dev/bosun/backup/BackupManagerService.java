package dev.bosun.backup;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

import dev.bosun.InvalidInputException;
import dev.bosun.NumberedPage;
import dev.bosun.account.AuditLog;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskQueries;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The backup manager (Aegir's hosting_site_backup_manager): the archive and schedule settings,
 * per-site schedules, retention rules, and the plan of what is due now. The plan's rules are
 * {@link BackupPlanner}'s; the facts come from this module's tables, the site module
 * ({@link BackupSites}) and the task module's queries. The site module's scheduled job queues what
 * the plan names, as ordinary site tasks.
 */
@Service
public class BackupManagerService {

    /** Who the manager's tasks are requested by, in the task list and the audit log. */
    public static final String REQUESTED_BY = "backup manager";
    static final String BACKUP_TASK = "backup";
    static final String BACKUP_DELETE_TASK = "backup-delete";
    /** A site whose retention backup-delete failed is tried again this much later, not every minute. */
    static final Duration FAILED_DELETE_RETRY = Duration.ofHours(1);
    private static final int RETENTION_BATCH = 500;
    /** The plan's second read (every site's last attempt); a thread per plan, a few plans at once at most. */
    private final SimpleAsyncTaskExecutor planReads = planReads();

    private final JdbcClient jdbc;
    private final BackupSettingsStore store;
    private final SettingsService panelSettings;
    private final AuditLog auditLog;
    private final TaskQueries taskQueries;
    private final BackupSites sites;
    private final Clock clock;

    BackupManagerService(JdbcClient jdbc, BackupSettingsStore store, SettingsService panelSettings, AuditLog auditLog,
                         TaskQueries taskQueries, BackupSites sites, Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.panelSettings = panelSettings;
        this.auditLog = auditLog;
        this.taskQueries = taskQueries;
        this.sites = sites;
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
        planChanged();
        auditLog.record("backup.settings", "setting", null, "Schedule " + (settings.schedule().enabled() ? "on" : "off")
                + " every " + settings.schedule().interval().toHours() + " h; window " + settings.window().label()
                + " (" + settings.zone() + "); retention " + (settings.retentionEnabled() ? "on" : "off"));
    }

    /** A page (from 0) of the sites with their own schedule (not deleted), by domain. */
    @Transactional(readOnly = true)
    public NumberedPage<SiteSchedule> siteSchedules(int page) {
        Map<Long, SiteSchedule> own = ownSchedules();
        BackupSites.DomainPage domains = sites.liveDomainsPage(own.keySet(), NumberedPage.offset(page),
                NumberedPage.SIZE);
        return new NumberedPage<>(domains.items().stream()
                .map(site -> new SiteSchedule(site.id(), site.domain(), own.get(site.id()).enabled(),
                        own.get(site.id()).interval()))
                .toList(), page, domains.total());
    }

    /** As {@link #setSiteSchedule(long, boolean, Duration)}, for the site with this domain. */
    @Transactional
    public void setSiteSchedule(String domain, boolean enabled, Duration interval) {
        long siteId = sites.liveSite(domain.strip().toLowerCase(java.util.Locale.ROOT))
                .orElseThrow(() -> new InvalidInputException("domain", "There is no site " + domain.strip() + "."));
        setSiteSchedule(siteId, enabled, interval);
    }

    /** Gives a site its own interval ({@code enabled}) or opts it out of scheduled backups. */
    @Transactional
    public void setSiteSchedule(long siteId, boolean enabled, Duration interval) {
        if (enabled && interval == null) {
            throw new InvalidInputException("intervalHours", "Give the site's own interval, or opt it out.");
        }
        String domain = Optional.ofNullable(sites.liveDomains(List.of(siteId)).get(siteId))
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
        planChanged();
        auditLog.record("backup.schedule", "site", siteId, enabled
                ? "Own backup schedule: every " + schedule.interval().toHours() + " h" : "Opted out of scheduled backups");
    }

    /** The site follows the default schedule again. */
    @Transactional
    public void removeSiteSchedule(long siteId) {
        if (jdbc.sql("DELETE FROM backup_site_schedules WHERE site_id = :id").param("id", siteId).update() > 0) {
            planChanged();
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
        planChanged();
        auditLog.record("backup.retention.add", "setting", id, rule.label());
        return new RetentionRule(id, rule.olderThanAmount(), rule.olderThanUnit(), rule.keepPerAmount(),
                rule.keepPerUnit(), rule.appliesTo());
    }

    @Transactional
    public void deleteRetentionRule(long id) {
        if (jdbc.sql("DELETE FROM backup_retention_rules WHERE id = :id").param("id", id).update() > 0) {
            planChanged();
            auditLog.record("backup.retention.delete", "setting", id, null);
        }
    }

    /**
     * The sites whose scheduled backup is due at {@code now}, window not considered: among the
     * sites that offer a backup now (the site module's rules: enabled, no backup or delete open),
     * those whose interval (own or default) has passed since their latest backup or backup task.
     * Counting attempts keeps a failing site from being retried every minute: it is tried again one
     * interval later.
     */
    @Transactional(readOnly = true)
    public List<DueBackup> dueBackups(Instant now) {
        // Every site's last attempt is read on a thread of its own while the sites are read here: two reads of the
        // whole fleet, independent of each other (each in a read-only transaction of its own, as before).
        CompletableFuture<Map<Long, Instant>> attempts = CompletableFuture.supplyAsync(
                () -> taskQueries.lastQueued(TargetType.SITE, BACKUP_TASK), planReads);
        List<BackupSites.Site> offering = sites.offeringBackup();
        Map<Long, SiteSchedule> own = ownSchedules();
        Map<Long, Instant> lastAttempts = join(attempts);
        List<BackupPlanner.Candidate> candidates = offering.stream()
                .map(site -> new BackupPlanner.Candidate(site.id(), site.domain(), own.get(site.id()),
                        site.lastBackup(), lastAttempts.get(site.id())))
                .toList();
        return BackupPlanner.due(settings().schedule(), candidates, now);
    }

    /**
     * Per site, the backups the retention rules delete at {@code now}; empty while retention is off.
     * Left out until later: a backup an open task names (a queued restore, an open backup-delete), and the sites
     * whose last retention backup-delete failed within {@link #FAILED_DELETE_RETRY}.
     */
    @Transactional(readOnly = true)
    public Map<Long, List<Long>> retentionDeletions(Instant now) {
        List<RetentionRule> rules = retentionRules();
        if (!settings().retentionEnabled() || rules.isEmpty()) {
            return Map.of();
        }
        Set<Long> resting = taskQueries.failedSince(TargetType.SITE, BACKUP_DELETE_TASK, REQUESTED_BY,
                now.minus(FAILED_DELETE_RETRY));
        // Read before the backups: a backup-delete that ends meanwhile removed its records before it ended.
        Set<Long> inUse = new HashSet<>(taskQueries.openTaskArgument("backupId"));
        inUse.addAll(taskQueries.openTaskArrayArgument("backupIds"));
        Retention retention = new Retention(rules);
        Map<Long, List<Long>> deletions = new LinkedHashMap<>();
        // A few hundred sites' backups at a time: the memory a run needs stays the same however many backups
        // the fleet has.
        long afterSite = 0;
        List<Long> siteIds;
        while (!(siteIds = sitesWithBackups(afterSite, RETENTION_BATCH)).isEmpty()) {
            deletions.putAll(BackupPlanner.deletions(retention, candidates(siteIds), inUse, resting, now));
            afterSite = siteIds.get(siteIds.size() - 1);
        }
        return deletions;
    }

    /** The next {@code limit} sites (by id, after {@code afterSite}) that have backups. */
    private List<Long> sitesWithBackups(long afterSite, int limit) {
        return jdbc.sql("""
                        WITH RECURSIVE next(site_id, n) AS (
                            (SELECT site_id, 1 FROM backups WHERE site_id > :after ORDER BY site_id LIMIT 1)
                            UNION ALL
                            SELECT (SELECT b.site_id FROM backups b WHERE b.site_id > next.site_id ORDER BY b.site_id
                                    LIMIT 1), n + 1
                            FROM next WHERE next.site_id IS NOT NULL AND n < :limit)
                        SELECT site_id FROM next WHERE site_id IS NOT NULL""")
                .param("after", afterSite).param("limit", limit).query(Long.class).list();
    }

    /** The backups of these sites, oldest first per site, as retention weighs them. */
    private Map<Long, List<RetentionCandidate>> candidates(List<Long> siteIds) {
        record Row(long siteId, long id, Instant createdAt, BackupKind kind) {
        }
        List<Row> rows = jdbc.sql("""
                        SELECT id, site_id, created_at, kind FROM backups WHERE site_id IN (:ids)
                        ORDER BY site_id, created_at""")
                .param("ids", siteIds)
                .query((rs, n) -> new Row(rs.getLong("site_id"), rs.getLong("id"),
                        rs.getTimestamp("created_at").toInstant(), BackupKind.valueOf(rs.getString("kind"))))
                .list();
        Set<Long> deleted = sites.deleted(siteIds);
        return rows.stream().collect(Collectors.groupingBy(Row::siteId, LinkedHashMap::new,
                Collectors.mapping(row -> new RetentionCandidate(row.id(), row.createdAt(), row.kind(),
                        deleted.contains(row.siteId())), Collectors.toList())));
    }

    /** What the manager would do at {@code now}: due backups (only inside the window) and retention deletions. */
    @Transactional(readOnly = true)
    public BackupPlan plan(Instant now) {
        BackupManagerSettings settings = settings();
        boolean open = BackupPlanner.window(settings, now).open();
        return BackupPlanner.plan(settings, now, open ? dueBackups(now) : List.of(), retentionDeletions(now));
    }

    /** Whether the backup window is open at {@code now}, and otherwise when it opens next: from the settings alone. */
    @Transactional(readOnly = true)
    public WindowState window(Instant now) {
        return BackupPlanner.window(settings(), now);
    }

    /**
     * Records what a scheduled run found and queued, as the manager's latest check; one row, replaced by each
     * run (the runs of all nodes take turns). Admin → Backups shows it instead of working out the plan over
     * every site at each view.
     */
    @Transactional
    public void recordCheck(ScheduledRun run) {
        BackupPlan plan = run.plan();
        jdbc.sql("""
                        INSERT INTO backup_manager_checks (id, checked_at, finished_at, window_open, next_window_opening,
                            due_sites, backups_queued, retention_sites, backups_past_retention, deletions_queued)
                        VALUES (1, :checked, :finished, :open, :next, :due, :queued, :retentionSites, :past, :deletions)
                        ON CONFLICT (id) DO UPDATE SET checked_at = EXCLUDED.checked_at,
                            finished_at = EXCLUDED.finished_at, window_open = EXCLUDED.window_open,
                            next_window_opening = EXCLUDED.next_window_opening, due_sites = EXCLUDED.due_sites,
                            backups_queued = EXCLUDED.backups_queued, retention_sites = EXCLUDED.retention_sites,
                            backups_past_retention = EXCLUDED.backups_past_retention,
                            deletions_queued = EXCLUDED.deletions_queued""")
                .param("checked", Timestamp.from(plan.at()))
                .param("finished", Timestamp.from(clock.instant()))
                .param("open", plan.windowOpen())
                .param("next", plan.nextWindowOpening() == null ? null : Timestamp.from(plan.nextWindowOpening()))
                .param("due", plan.due().size())
                .param("queued", run.backupsQueued())
                .param("retentionSites", plan.deletions().size())
                .param("past", plan.deletionCount())
                .param("deletions", run.deletionsQueued())
                .update();
    }

    /** The manager's latest check, if it has made one. */
    @Transactional(readOnly = true)
    public Optional<ManagerCheck> lastCheck() {
        return jdbc.sql("""
                        SELECT c.checked_at, c.finished_at, c.window_open, c.next_window_opening, c.due_sites,
                               c.backups_queued, c.retention_sites, c.backups_past_retention, c.deletions_queued,
                               s.plan_changed_at > c.checked_at AS changed_since
                        FROM backup_manager_checks c CROSS JOIN backup_settings s WHERE c.id = 1 AND s.id = 1""")
                .query((rs, n) -> new ManagerCheck(rs.getTimestamp("checked_at").toInstant(),
                        rs.getTimestamp("finished_at").toInstant(), rs.getBoolean("window_open"),
                        rs.getTimestamp("next_window_opening") == null ? null
                                : rs.getTimestamp("next_window_opening").toInstant(),
                        rs.getInt("due_sites"), rs.getInt("backups_queued"), rs.getInt("retention_sites"),
                        rs.getInt("backups_past_retention"), rs.getInt("deletions_queued"),
                        rs.getBoolean("changed_since")))
                .optional();
    }

    /** Something the plan follows changed now: a check made before it is shown as made before the change. */
    private void planChanged() {
        jdbc.sql("UPDATE backup_settings SET plan_changed_at = :now WHERE id = 1")
                .param("now", Timestamp.from(clock.instant())).update();
    }

    private static SimpleAsyncTaskExecutor planReads() {
        SimpleAsyncTaskExecutor executor = new SimpleAsyncTaskExecutor("backup-plan-");
        executor.setConcurrencyLimit(4);
        executor.setDaemon(true);
        return executor;
    }

    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private Map<Long, SiteSchedule> ownSchedules() {
        Map<Long, SiteSchedule> own = new LinkedHashMap<>();
        jdbc.sql("SELECT site_id, enabled, interval_hours FROM backup_site_schedules ORDER BY site_id")
                .query(rs -> {
                    own.put(rs.getLong("site_id"), siteSchedule(rs.getLong("site_id"), null, rs.getBoolean("enabled"),
                            (Integer) rs.getObject("interval_hours")));
                });
        return own;
    }

    private static SiteSchedule siteSchedule(long siteId, String domain, boolean enabled, Integer hours) {
        return new SiteSchedule(siteId, domain, enabled, hours == null ? null : Duration.ofHours(hours));
    }
}
