package dev.bosun.site.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformService;
import dev.bosun.site.CronResult;
import dev.bosun.site.CronSettings;
import dev.bosun.site.CronSlots;
import dev.bosun.site.SiteCronService;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cron runs' rows, which are their claims. Claiming takes turns over all panel nodes (an
 * advisory lock held to commit), so the per-server limit counts every node's runs; the unique index on
 * a site's unfinished run keeps one run per site even without it.
 */
@Component
class CronClaims {

    private static final long CLAIM_LOCK = 0x626f73756e03L;
    private static final int CANDIDATES = 500;
    private static final Logger log = LoggerFactory.getLogger(CronClaims.class);

    private final JdbcClient jdbc;
    private final SiteCronService cron;
    private final PlatformService platforms;
    private final TaskQueries tasks;
    private final Clock clock;

    CronClaims(JdbcClient jdbc, SiteCronService cron, PlatformService platforms, TaskQueries tasks, Clock clock) {
        this.jdbc = jdbc;
        this.cron = cron;
        this.platforms = platforms;
        this.tasks = tasks;
        this.clock = clock;
    }

    /**
     * Claims up to {@code capacity} due sites for {@code node}, oldest due first, leaving out sites with a
     * changing task queued or running (they stay due) and web servers at their limit. Empty while another
     * node is claiming.
     */
    @Transactional
    List<CronClaim> claim(int capacity, String node, java.time.Duration lease) {
        if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(:key)").param("key", CLAIM_LOCK).query(Boolean.class).single()) {
            return List.of();
        }
        Instant now = clock.instant();
        endExpired(now);
        CronSettings settings = cron.settings();
        schedule(now, settings);
        List<Due> due = due(now, settings);
        if (due.isEmpty()) {
            return List.of();
        }
        Set<Long> busy = tasks.openOn(TargetType.SITE, changingTaskTypes(), due.stream().map(Due::siteId).toList());
        Map<Long, Platform> platformsById = platforms.byIds(due.stream().map(Due::platformId).collect(Collectors.toSet()));
        Map<Long, Integer> running = runningPerServer();
        List<CronClaim> claims = new ArrayList<>();
        for (Due site : due) {
            Platform platform = platformsById.get(site.platformId());
            if (claims.size() >= capacity || busy.contains(site.siteId()) || platform == null) {
                continue;
            }
            int onServer = running.getOrDefault(platform.serverId(), 0);
            if (onServer >= settings.perServerLimit()) {
                continue;
            }
            claims.add(start(site, platform.serverId(), node, lease));
            running.put(platform.serverId(), onServer + 1);
        }
        return claims;
    }

    /** Ends a run; counts failures in a row and keeps the site's last {@value SiteCronService#KEPT_RUNS} runs. */
    @Transactional
    void finish(CronClaim claim, CronResult result, Integer exitCode, String output) {
        int ended = jdbc.sql("""
                UPDATE site_cron_runs SET finished_at = :now, result = :result, exit_code = :exit, output = :output
                WHERE id = :id AND finished_at IS NULL""")
                .param("now", Timestamp.from(clock.instant())).param("result", result.name())
                .param("exit", exitCode).param("output", output).param("id", claim.runId()).update();
        if (ended == 0) {
            return;
        }
        count(claim.siteId(), result == CronResult.SUCCESS);
        jdbc.sql("""
                DELETE FROM site_cron_runs WHERE site_id = :site AND finished_at IS NOT NULL AND id NOT IN (
                    SELECT id FROM site_cron_runs WHERE site_id = :site ORDER BY started_at DESC, id DESC LIMIT :keep)""")
                .param("site", claim.siteId()).param("keep", SiteCronService.KEPT_RUNS).update();
    }

    private record Due(long siteId, long platformId, Integer ownInterval) {
    }

    private List<Due> due(Instant now, CronSettings settings) {
        return jdbc.sql("""
                SELECT c.site_id, s.platform_id, c.interval_seconds FROM site_cron c JOIN sites s ON s.id = c.site_id
                WHERE s.status = 'ENABLED' AND COALESCE(c.interval_seconds, :default) > 0 AND c.next_run_at <= :now
                  AND NOT EXISTS (SELECT 1 FROM site_cron_runs r WHERE r.site_id = c.site_id AND r.finished_at IS NULL)
                ORDER BY c.next_run_at, c.site_id LIMIT :limit""")
                .param("default", settings.defaultIntervalSeconds()).param("now", Timestamp.from(now))
                .param("limit", CANDIDATES)
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), (Integer) rs.getObject(3))).list();
    }

    /** Gives enabled sites that have none (new ones, or after an interval changed) their next slot. */
    private void schedule(Instant now, CronSettings settings) {
        List<Due> unscheduled = jdbc.sql("""
                SELECT s.id, s.platform_id, c.interval_seconds FROM sites s LEFT JOIN site_cron c ON c.site_id = s.id
                WHERE s.status = 'ENABLED' AND (c.site_id IS NULL OR c.next_run_at IS NULL)
                  AND COALESCE(c.interval_seconds, :default) > 0""")
                .param("default", settings.defaultIntervalSeconds())
                .query((rs, n) -> new Due(rs.getLong(1), rs.getLong(2), (Integer) rs.getObject(3))).list();
        for (Due site : unscheduled) {
            int interval = site.ownInterval() == null ? settings.defaultIntervalSeconds() : site.ownInterval();
            // Only while the row is as read: an interval set meanwhile cleared next_run_at for its own slot.
            jdbc.sql("""
                    INSERT INTO site_cron (site_id, next_run_at) VALUES (:id, :next)
                    ON CONFLICT (site_id) DO UPDATE SET next_run_at = :next
                    WHERE site_cron.next_run_at IS NULL
                      AND site_cron.interval_seconds IS NOT DISTINCT FROM CAST(:interval AS integer)""")
                    .param("id", site.siteId()).param("interval", site.ownInterval())
                    .param("next", Timestamp.from(CronSlots.nextAfter(site.siteId(), interval, now))).update();
        }
    }

    /**
     * Starts a run, stamped after the unfinished runs were counted: a run this claim saw ended was stamped
     * before its commit, so the runs of one server under a limit of one never overlap in their records either.
     */
    private CronClaim start(Due site, long webServerId, String node, java.time.Duration lease) {
        Instant now = clock.instant();
        long runId = jdbc.sql("""
                INSERT INTO site_cron_runs (site_id, web_server_id, node, started_at, lease_until)
                VALUES (:site, :server, :node, :now, :lease) RETURNING id""")
                .param("site", site.siteId()).param("server", webServerId).param("node", node)
                .param("now", Timestamp.from(now)).param("lease", Timestamp.from(now.plus(lease)))
                .query(Long.class).single();
        int interval = site.ownInterval() == null ? cron.settings().defaultIntervalSeconds() : site.ownInterval();
        jdbc.sql("""
                UPDATE site_cron SET next_run_at = :next
                WHERE site_id = :id AND interval_seconds IS NOT DISTINCT FROM CAST(:interval AS integer)""")
                .param("next", Timestamp.from(CronSlots.nextAfter(site.siteId(), interval, now)))
                .param("id", site.siteId()).param("interval", site.ownInterval()).update();
        return new CronClaim(runId, site.siteId(), webServerId);
    }

    private Map<Long, Integer> runningPerServer() {
        Map<Long, Integer> running = new HashMap<>();
        jdbc.sql("SELECT web_server_id, count(*) FROM site_cron_runs WHERE finished_at IS NULL GROUP BY web_server_id")
                .query(rs -> {
                    running.put(rs.getLong(1), rs.getInt(2));
                });
        return running;
    }

    /** Runs whose node stopped without ending them: failed, so that their sites run again. */
    private void endExpired(Instant now) {
        List<Long> sites = jdbc.sql("""
                UPDATE site_cron_runs SET finished_at = :now, result = 'ERROR',
                    output = output || E'\\nInterrupted: the panel node running it (' || node || ') stopped.'
                WHERE finished_at IS NULL AND lease_until < :now RETURNING site_id""")
                .param("now", Timestamp.from(now)).query(Long.class).list();
        sites.forEach(site -> count(site, false));
        if (!sites.isEmpty()) {
            log.warn("Cron: ended {} run(s) left by stopped panel nodes", sites.size());
        }
    }

    private void count(long siteId, boolean success) {
        jdbc.sql("UPDATE site_cron SET consecutive_failures = " + (success ? "0" : "consecutive_failures + 1")
                + " WHERE site_id = :id").param("id", siteId).update();
    }

    private static List<String> changingTaskTypes() {
        return Arrays.stream(SiteTaskType.values()).filter(SiteTaskType::changesSite).map(SiteTaskType::key).toList();
    }
}
