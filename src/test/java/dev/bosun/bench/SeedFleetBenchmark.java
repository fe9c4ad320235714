package dev.bosun.bench;

import static dev.bosun.bench.BenchArgs.option;
import static dev.bosun.bench.BenchArgs.text;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

import dev.bosun.test.TestDatabases;
import org.flywaydb.core.Flyway;

/**
 * {@code bench/run seed-fleet [--sites N] [--tasks N] [--log-lines N] [--database NAME]}: (re)creates the
 * database {@code NAME} (default {@code bosun_fleet}) on the machine's PostgreSQL, migrates it with the
 * panel's Flyway migrations and fills it with a fleet: servers, platforms of 400 sites, clients of 20 sites
 * (each with a client user), the sites, finished tasks over a year (stored labels and clients as the panel
 * queues them), two steps per task, the log lines spread over the tasks, five backups per site and one site in
 * 20 with its own backup schedule. The rows are generated inside the database server ({@code INSERT … SELECT} over
 * {@code generate_series}, the bulk path that sends no rows over the connection), then the tables are vacuumed
 * and analysed. {@code bench/run pages} drives the panel on it.
 */
public final class SeedFleetBenchmark {

    static final String DEFAULT_DATABASE = "bosun_fleet";
    private static final Pattern PLAIN_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private SeedFleetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int sites = option(args, "sites", 10_000);
        int tasks = option(args, "tasks", 1_000_000);
        long logLines = option(args, "log-lines", 10_000_000);
        String name = text(args, "database", DEFAULT_DATABASE);
        if (!PLAIN_NAME.matcher(name).matches() || sites < 1 || tasks < sites) {
            throw new IllegalArgumentException(
                    "--database must be a plain lower-case name, --sites at least 1 and --tasks at least --sites");
        }
        TestDatabases.Server server = TestDatabases.machinePostgres().orElseThrow(() -> new IllegalStateException(
                "The machine's PostgreSQL (BOSUN_TEST_PG_URL, default 127.0.0.1:5432) does not answer"));
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        long start = System.nanoTime();
        TestDatabases.execute(server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        TestDatabases.execute(server, "CREATE DATABASE " + name);
        String url = server.urlFor(name);
        Flyway.configure().dataSource(url, server.username(), server.password())
                .locations("classpath:db/migration").load().migrate();
        try (Connection connection = DriverManager.getConnection(url, server.username(), server.password())) {
            seed(connection, sites, tasks, logLines);
        }
        System.out.printf("database=%s%nsites=%d%ntasks=%d%nlog_lines=%d%nbackups=%d%n", name, sites, tasks,
                logLines, sites * 5L);
        System.out.printf("seed_s=%.1f%n", (System.nanoTime() - start) / 1e9);
        System.exit(0);
    }

    /** Fills the migrated database; public for the tests that need a fleet of some size. */
    public static void seed(Connection connection, int sites, int tasks, long logLines) throws SQLException {
        int platforms = Math.max(1, (sites + 399) / 400);
        int clients = Math.max(1, sites / 20);
        try (Statement sql = connection.createStatement()) {
            step(sql, "servers", """
                    INSERT INTO servers (name, hostname, master, status, verified_at)
                    SELECT CASE WHEN n = 1 THEN 'master' ELSE 'web' || n END, 'web' || n || '.fleet.test', n = 1,
                           'ENABLED', now()
                    FROM generate_series(1, 5) n;
                    INSERT INTO services (server_id, kind, type, host, port, status, vhost_dir, config_test_cmd,
                                          reload_cmd, php_fastcgi)
                    SELECT id, 'http', 'nginx', hostname, 80, 'ENABLED', '/var/bosun/config/nginx/vhost.d',
                           'sudo nginx -t', 'sudo systemctl reload nginx', '127.0.0.1:9000' FROM servers;
                    INSERT INTO services (server_id, kind, type, host, port, admin_user, status)
                    SELECT id, 'db', 'mariadb', hostname, 3306, 'root', 'ENABLED' FROM servers""");
            step(sql, "platforms", """
                    INSERT INTO platforms (name, server_id, root_path, status, core_version, verified_at)
                    SELECT 'platform' || n, 1 + n %% 5, '/var/aegir/platforms/platform' || n, 'ENABLED', '10.3.' || n %% 10,
                           now()
                    FROM generate_series(1, %d) n""".formatted(platforms));
            step(sql, "clients", """
                    INSERT INTO clients (name, email)
                    SELECT 'Client ' || n, 'client' || n || '@fleet.test' FROM generate_series(1, %d) n"""
                    .formatted(clients));
            // A client user per client (no password it could sign in with), linked to its client.
            step(sql, "users", """
                    INSERT INTO users (username, password_hash, role, email)
                    SELECT 'client-' || id, '!', 'CLIENT', email FROM clients;
                    INSERT INTO client_users (client_id, user_id)
                    SELECT c.id, u.id FROM clients c JOIN users u ON u.username = 'client-' || c.id""");
            step(sql, "sites", """
                    INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status, db_name, db_user,
                                       installed_at, created_at)
                    SELECT 'site' || n || '.fleet.test', 1 + n %% %d, 1 + n %% %d,
                           (SELECT min(id) FROM services WHERE kind = 'db') + n %% 5, 'standard',
                           CASE WHEN n %% 50 = 0 THEN 'DISABLED' WHEN n %% 97 = 0 THEN 'DELETED' ELSE 'ENABLED' END,
                           'site' || n, 'site' || n, now() - interval '400 days', now() - interval '400 days'
                    FROM generate_series(1, %d) n""".formatted(clients, platforms, sites));
            step(sql, "tasks", tasksSql(sites, tasks));
            step(sql, "task_steps", """
                    INSERT INTO task_steps (task_id, seq, name, status, started_at, finished_at)
                    SELECT t.id, s, CASE s WHEN 1 THEN 'prepare' ELSE 'run' END,
                           CASE WHEN s = 2 AND t.status = 'ERROR' THEN 'FAILED' ELSE 'DONE' END,
                           t.started_at, t.finished_at
                    FROM tasks t CROSS JOIN generate_series(1, 2) s""");
            step(sql, "task_log", logSql(tasks, logLines));
            step(sql, "backups", """
                    INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind, created_at)
                    SELECT s.id, '/var/bosun/backups/' || s.domain || '-' || b || '.tar.gz', 10485760 + b * 1024,
                           repeat('a', 64), 'Generated on request',
                           CASE WHEN b %% 2 = 0 THEN 'AUTOMATED' ELSE 'REQUESTED' END,
                           now() - make_interval(days => b * 7, secs => s.id)
                    FROM sites s CROSS JOIN generate_series(1, 5) b""".formatted());
            // One site in 20 with its own backup schedule (every 12 hours), one in 100 of those opted out.
            step(sql, "backup_schedules", """
                    INSERT INTO backup_site_schedules (site_id, enabled, interval_hours, updated_at, updated_by)
                    SELECT id, id %% 100 <> 0, CASE WHEN id %% 100 <> 0 THEN 12 END, now(), 'admin'
                    FROM sites WHERE id %% 20 = 0""".formatted());
            // What queueing a task and recording a backup keep beside them: each target's label, when a task of
            // each type was last queued on it, each site's newest backup.
            step(sql, "summaries", """
                    INSERT INTO task_targets (target_type, target_id, label)
                    SELECT DISTINCT ON (target_type, target_id) target_type, target_id, target_label
                    FROM tasks WHERE target_label IS NOT NULL ORDER BY target_type, target_id, id DESC;
                    INSERT INTO task_target_types (target_type, type, target_id, last_queued_at)
                    SELECT target_type, type, target_id, max(created_at) FROM tasks
                    GROUP BY target_type, type, target_id;
                    UPDATE sites s SET last_backup_at = b.newest
                    FROM (SELECT site_id, max(created_at) AS newest FROM backups GROUP BY site_id) b
                    WHERE b.site_id = s.id""");
            step(sql, "sequences", """
                    SELECT setval('tasks_id_seq', (SELECT max(id) FROM tasks));
                    SELECT setval('task_log_id_seq', greatest(1, (SELECT max(id) FROM task_log)))""");
            step(sql, "vacuum", "VACUUM ANALYZE");
        }
    }

    /**
     * Finished tasks, oldest first over the last 365 days: most on sites (verify, backup, login-reset, …, one in
     * 33 ending in ERROR and one in 50 in WARNING), one in 100 a platform verify, one in 1000 a server verify.
     */
    private static String tasksSql(int sites, int tasks) {
        return """
                INSERT INTO tasks (type, target_type, target_id, site_id, server_id, args, status, requested_by, attempt,
                                   summary, created_at, started_at, finished_at, target_label, client_id)
                SELECT x.type, x.target_type, x.target_id, CASE WHEN x.target_type = 'SITE' THEN x.target_id END,
                       1 + n %% 5, '{}',
                       CASE WHEN n %% 33 = 0 THEN 'ERROR' WHEN n %% 50 = 0 THEN 'WARNING' ELSE 'SUCCESS' END,
                       CASE WHEN n %% 3 = 0 THEN 'backup-manager' ELSE 'admin' END, 1, NULL, x.at,
                       x.at + interval '1 second', x.at + interval '5 seconds', x.label, x.client_id
                FROM generate_series(1, %d) n
                CROSS JOIN LATERAL (
                    SELECT CASE WHEN n %% 1000 = 0 THEN 'SERVER' WHEN n %% 100 = 0 THEN 'PLATFORM' ELSE 'SITE' END
                               AS target_type,
                           now() - interval '365 days' + (interval '365 days' * n / %d) AS at,
                           (ARRAY['verify', 'backup', 'backup', 'login-reset', 'verify', 'backup', 'disable',
                                  'enable', 'migrate', 'restore'])[1 + (n / 7) %% 10] AS site_type,
                           1 + (n::bigint * 7919) %% %d AS site_number) y
                CROSS JOIN LATERAL (
                    SELECT CASE y.target_type WHEN 'SITE' THEN y.site_type ELSE 'verify' END AS type, y.target_type,
                           CASE y.target_type WHEN 'SITE' THEN s.id WHEN 'PLATFORM' THEN p.id ELSE v.id END AS target_id,
                           CASE y.target_type WHEN 'SITE' THEN s.domain WHEN 'PLATFORM' THEN p.name ELSE v.name END
                               AS label,
                           CASE y.target_type WHEN 'SITE' THEN s.client_id END AS client_id, y.at
                    FROM sites s, platforms p, servers v
                    WHERE s.id = y.site_number AND p.id = 1 + s.id %% (SELECT count(*) FROM platforms)
                      AND v.id = 1 + s.id %% 5) x""".formatted(tasks, tasks, sites);
    }

    /** The log lines: the same number for every task (the rest on the newest tasks), levels as tasks write them. */
    private static String logSql(int tasks, long logLines) {
        long perTask = logLines / tasks;
        long rest = logLines - perTask * tasks;
        return """
                INSERT INTO task_log (task_id, seq, at, level, step, message)
                SELECT t.id, l, t.started_at + make_interval(secs => l * 0.01),
                       CASE WHEN l = c.lines AND t.status = 'ERROR' THEN 'ERROR'
                            WHEN l = c.lines AND t.status = 'WARNING' THEN 'WARNING'
                            WHEN l %% 4 = 0 THEN 'OUTPUT' WHEN l = c.lines THEN 'OK' ELSE 'INFO' END,
                       CASE WHEN l * 2 <= c.lines THEN 'prepare' ELSE 'run' END,
                       'Line ' || l || ' of task ' || t.id || ': drush --root=/var/aegir/platforms/p cache:rebuild done'
                FROM (SELECT id, status, started_at, row_number() OVER (ORDER BY id DESC) AS r FROM tasks) t
                CROSS JOIN LATERAL (SELECT %d + CASE WHEN t.r <= %d THEN 1 ELSE 0 END AS lines) c
                CROSS JOIN LATERAL generate_series(1, c.lines) l""".formatted(perTask, rest);
    }

    private static void step(Statement sql, String name, String statements) throws SQLException {
        long start = System.nanoTime();
        for (String statement : statements.split(";\n")) {
            sql.execute(statement);
        }
        System.out.printf("seed_%s_s=%.1f%n", name, (System.nanoTime() - start) / 1e9);
    }
}
