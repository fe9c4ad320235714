package dev.bosun.site;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.task.ClientRedaction;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cron of sites, read and configured: the panel-wide settings, each site's interval and its last runs,
 * and the sites whose cron keeps failing. The runs themselves are made by the cron scheduler
 * (docs/cron.md); they are light records of their own, not tasks.
 */
@Service
public class SiteCronService {

    /** The longest interval one may set: a week. */
    public static final int MAX_INTERVAL_SECONDS = 7 * 24 * 3600;
    /** Runs kept per site, newest first; older ones are deleted as new ones end. */
    public static final int KEPT_RUNS = 10;

    private static final String RUN_COLUMNS = "r.id, r.site_id, r.started_at, r.finished_at, r.result, r.exit_code, r.output";

    private final JdbcClient jdbc;
    private final SiteQueries sites;
    private final AuditLog auditLog;
    private final Clock clock;

    SiteCronService(JdbcClient jdbc, SiteQueries sites, AuditLog auditLog, Clock clock) {
        this.jdbc = jdbc;
        this.sites = sites;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public CronSettings settings() {
        return jdbc.sql("SELECT default_interval_seconds, per_server_limit FROM site_cron_settings WHERE id = 1")
                .query((rs, n) -> new CronSettings(rs.getInt(1), rs.getInt(2))).optional()
                .orElse(CronSettings.DEFAULT);
    }

    /** Stores the settings; sites on the default interval are rescheduled to their slots of the new one. */
    @Transactional
    public void updateSettings(CronSettings settings) {
        checkInterval("defaultIntervalSeconds", settings.defaultIntervalSeconds());
        if (settings.perServerLimit() < 1 || settings.perServerLimit() > 100) {
            throw new InvalidInputException("perServerLimit", "Runs at once per web server must be between 1 and 100.");
        }
        CronSettings before = settings();
        jdbc.sql("""
                UPDATE site_cron_settings SET default_interval_seconds = :interval, per_server_limit = :limit,
                    updated_at = :now, updated_by = :by WHERE id = 1""")
                .param("interval", settings.defaultIntervalSeconds()).param("limit", settings.perServerLimit())
                .param("now", Timestamp.from(clock.instant())).param("by", AuditLog.currentUsername()).update();
        if (before.defaultIntervalSeconds() != settings.defaultIntervalSeconds()) {
            jdbc.sql("UPDATE site_cron SET next_run_at = NULL WHERE interval_seconds IS NULL").update();
        }
        auditLog.record("cron.settings", "setting", null, "Cron every " + describe(settings.defaultIntervalSeconds())
                + " by default, at most " + settings.perServerLimit() + " at once per web server");
    }

    /** The site's cron, when the scope may see the site. */
    @Transactional(readOnly = true)
    public SiteCron forSite(long siteId, ClientScope scope) {
        sites.get(siteId, scope);
        int defaultInterval = settings().defaultIntervalSeconds();
        List<CronRun> runs = jdbc.sql("SELECT " + RUN_COLUMNS + " FROM site_cron_runs r WHERE r.site_id = :id"
                        + " ORDER BY r.started_at DESC, r.id DESC LIMIT " + KEPT_RUNS)
                .param("id", siteId).query(SiteCronService::run).list()
                .stream().map(run -> scope.all() ? run : clientView(run)).toList();
        return jdbc.sql("SELECT interval_seconds, next_run_at, consecutive_failures FROM site_cron WHERE site_id = :id")
                .param("id", siteId)
                .query((rs, n) -> {
                    Integer own = (Integer) rs.getObject(1);
                    return new SiteCron(siteId, own, own == null ? defaultInterval : own, instant(rs, 2), rs.getInt(3),
                            runs);
                })
                .optional().orElse(new SiteCron(siteId, null, defaultInterval, null, 0, runs));
    }

    /**
     * Sets the site's own interval in seconds: null follows the panel's default, 0 turns its cron off.
     * The site's next run moves to its slot of the new interval.
     */
    @Transactional
    public SiteCron setInterval(long siteId, Integer intervalSeconds, ClientScope scope) {
        SiteSummary site = sites.get(siteId, scope);
        if (intervalSeconds != null) {
            checkInterval("intervalSeconds", intervalSeconds);
        }
        jdbc.sql("""
                INSERT INTO site_cron (site_id, interval_seconds, next_run_at) VALUES (:id, :interval, NULL)
                ON CONFLICT (site_id) DO UPDATE SET interval_seconds = :interval, next_run_at = NULL""")
                .param("id", siteId).param("interval", intervalSeconds).update();
        auditLog.record("cron.interval", "site", siteId, site.domain() + ": cron "
                + (intervalSeconds == null ? "on the default interval" : "every " + describe(intervalSeconds)));
        return forSite(siteId, scope);
    }

    /** The last run of each of these sites (those with one), in one query. */
    @Transactional(readOnly = true)
    public Map<Long, CronRun> lastRuns(Collection<Long> siteIds) {
        Map<Long, CronRun> last = new HashMap<>();
        if (!siteIds.isEmpty()) {
            jdbc.sql("SELECT DISTINCT ON (r.site_id) " + RUN_COLUMNS + " FROM site_cron_runs r"
                            + " WHERE r.site_id IN (:ids) ORDER BY r.site_id, r.started_at DESC, r.id DESC")
                    .param("ids", siteIds).query(SiteCronService::run).list()
                    .forEach(run -> last.put(run.siteId(), run));
        }
        return last;
    }

    /**
     * Enabled sites the scope may see whose cron is on and failed {@value SiteCron#FAILING_AFTER} or more times
     * in a row (turning a site's cron off takes it off the list).
     */
    @Transactional(readOnly = true)
    public List<CronFailure> failing(ClientScope scope) {
        var statement = jdbc.sql("""
                SELECT s.id, s.domain, c.consecutive_failures,
                       (SELECT max(r.started_at) FROM site_cron_runs r WHERE r.site_id = s.id) AS last_run
                FROM site_cron c JOIN sites s ON s.id = c.site_id
                WHERE s.status = 'ENABLED' AND c.consecutive_failures >= :failing
                  AND COALESCE(c.interval_seconds, :default) > 0"""
                + (scope.all() ? "" : " AND s.client_id IN (:clientIds)")
                + " ORDER BY c.consecutive_failures DESC, s.domain LIMIT 50")
                .param("failing", SiteCron.FAILING_AFTER).param("default", settings().defaultIntervalSeconds());
        if (!scope.all()) {
            statement = statement.param("clientIds", scope.idsForSql());
        }
        return statement.query((rs, n) -> new CronFailure(rs.getLong(1), rs.getString(2), rs.getInt(3),
                instant(rs, 4))).list();
    }

    /** A run as a client user sees it: its output without the panel's paths, as in task logs. */
    private static CronRun clientView(CronRun run) {
        return new CronRun(run.id(), run.siteId(), run.startedAt(), run.finishedAt(), run.result(), run.exitCode(),
                ClientRedaction.paths(run.output()));
    }

    /** An interval for people: {@code off}, {@code 90 seconds}, {@code 15 minutes}, {@code 6 hours}. */
    public static String describe(int seconds) {
        if (seconds == 0) {
            return "off";
        }
        if (seconds % 3600 == 0) {
            return seconds / 3600 + (seconds == 3600 ? " hour" : " hours");
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + (seconds == 60 ? " minute" : " minutes");
        }
        return seconds + (seconds == 1 ? " second" : " seconds");
    }

    private static void checkInterval(String field, int seconds) {
        if (seconds < 0 || seconds > MAX_INTERVAL_SECONDS) {
            throw new InvalidInputException(field, "The cron interval must be 0 (off) or between 1 second and "
                    + MAX_INTERVAL_SECONDS + " seconds (a week).");
        }
    }

    static CronRun run(ResultSet rs, int row) throws SQLException {
        return new CronRun(rs.getLong("id"), rs.getLong("site_id"), instant(rs, "started_at"),
                instant(rs, "finished_at"), CronResult.valueOf(rs.getString("result")),
                (Integer) rs.getObject("exit_code"), rs.getString("output"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
