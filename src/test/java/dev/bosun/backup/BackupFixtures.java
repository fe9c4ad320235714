package dev.bosun.backup;

import dev.bosun.test.BackupRows;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sites (with the client, server, db service and platform they need) and tasks, removed again afterwards. */
final class BackupFixtures {

    private final JdbcClient jdbc;
    private final List<Long> sites = new ArrayList<>();
    private Long platformId;
    private Long serviceId;
    private Long serverId;
    private Long clientId;

    BackupFixtures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long site(String domain, String status) {
        if (platformId == null) {
            String tag = UUID.randomUUID().toString().substring(0, 8);
            clientId = insert("INSERT INTO clients (name) VALUES ('Backup client " + tag + "') RETURNING id");
            serverId = insert("INSERT INTO servers (name, hostname) VALUES ('backup-" + tag + "', 'localhost') RETURNING id");
            serviceId = insert("INSERT INTO services (server_id, kind, type) VALUES (" + serverId + ", 'db', 'mariadb') RETURNING id");
            platformId = insert("INSERT INTO platforms (name, server_id, root_path) VALUES ('drupal-" + tag + "', "
                    + serverId + ", '/var/www/drupal') RETURNING id");
        }
        long id = jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status)
                VALUES (:domain, :client, :platform, :service, 'standard', :status) RETURNING id""")
                .param("domain", domain).param("client", clientId).param("platform", platformId)
                .param("service", serviceId).param("status", status).query(Long.class).single();
        sites.add(id);
        return id;
    }

    /** A backup row, and the site's newest backup as the backup module keeps it when it records one. */
    long backupRecord(long siteId, Instant createdAt, BackupKind kind) {
        long id = jdbc.sql("""
                INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind, created_at)
                VALUES (:site, '/nonexistent/backup.tar.gz', 1, :sha, :description, :kind, :at) RETURNING id""")
                .param("site", siteId).param("sha", "0".repeat(64)).param("description", kind.defaultDescription())
                .param("kind", kind.name()).param("at", Timestamp.from(createdAt)).query(Long.class).single();
        BackupRows.newestKept(jdbc, siteId);
        return id;
    }

    /** A task row, and when one of its type was last queued on the site, as queueing a task keeps it. */
    void task(long siteId, String type, String status, Instant createdAt) {
        jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, site_id, status, created_at)
                VALUES (:type, 'SITE', :site, :site, :status, :at)""")
                .param("type", type).param("site", siteId).param("status", status)
                .param("at", Timestamp.from(createdAt)).update();
        jdbc.sql("""
                INSERT INTO task_target_types (target_type, type, target_id, last_queued_at)
                VALUES ('SITE', :type, :site, :at)
                ON CONFLICT (target_type, type, target_id) DO UPDATE
                SET last_queued_at = greatest(task_target_types.last_queued_at, EXCLUDED.last_queued_at)""")
                .param("type", type).param("site", siteId).param("at", Timestamp.from(createdAt)).update();
    }

    /**
     * The queued tasks of these sites and those a dispatcher runs end first, so that no row goes from
     * under a running task ({@link #task} rows have no lease: no dispatcher runs them).
     */
    void cleanUp() {
        if (!sites.isEmpty()) {
            Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM tasks WHERE site_id IN (:ids)
                    AND (status = 'QUEUED' OR status = 'PROCESSING' AND lease_owner IS NOT NULL)""")
                    .param("ids", sites).query(Long.class).single() == 0);
        }
        for (Long site : sites) {
            jdbc.sql("DELETE FROM tasks WHERE site_id = :id").param("id", site).update();
            jdbc.sql("DELETE FROM task_target_types WHERE target_type = 'SITE' AND target_id = :id").param("id", site)
                    .update();
            jdbc.sql("DELETE FROM backups WHERE site_id = :id").param("id", site).update();
            jdbc.sql("DELETE FROM sites WHERE id = :id").param("id", site).update();
        }
        sites.clear();
        if (platformId != null) {
            jdbc.sql("DELETE FROM platforms WHERE id = :id").param("id", platformId).update();
            jdbc.sql("DELETE FROM servers WHERE id = :id").param("id", serverId).update();
            jdbc.sql("DELETE FROM clients WHERE id = :id").param("id", clientId).update();
            platformId = null;
        }
    }

    private long insert(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
