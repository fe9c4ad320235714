package dev.bosun.platform.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Platforms in table {@code platforms}, with their server's name and the count of their live sites. */
@Repository
public class PlatformRepository {

    private static final String SELECT = """
            SELECT p.id, p.name, p.server_id, v.name AS server_name, p.root_path, p.docroot, p.drush_path,
                   p.status, p.core_version, p.verified_at,
                   (SELECT count(*) FROM sites s WHERE s.platform_id = p.id AND s.status <> 'DELETED') AS live_sites
            FROM platforms p JOIN servers v ON v.id = p.server_id
            """;

    private final JdbcClient jdbc;

    PlatformRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Platform> find(long id) {
        return jdbc.sql(SELECT + " WHERE p.id = :id").param("id", id).query(PlatformRepository::platform).optional();
    }

    /** Platforms that are not deleted, by name. */
    public List<Platform> list() {
        return jdbc.sql(SELECT + " WHERE p.status <> 'DELETED' ORDER BY lower(p.name), p.id")
                .query(PlatformRepository::platform).list();
    }

    /** How many platforms are not deleted. */
    public long countLive() {
        return jdbc.sql("SELECT count(*) FROM platforms WHERE status <> 'DELETED'").query(Long.class).single();
    }

    public long insert(String name, long serverId, String rootPath, String docroot, String drushPath) {
        return jdbc.sql("""
                INSERT INTO platforms (name, server_id, root_path, docroot, drush_path, status)
                VALUES (:name, :server, :root, :docroot, :drush, 'QUEUED') RETURNING id""")
                .param("name", name).param("server", serverId).param("root", rootPath)
                .param("docroot", docroot).param("drush", drushPath)
                .query(Long.class).single();
    }

    public boolean nameTaken(String name) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM platforms WHERE lower(name) = lower(:name) AND status <> 'DELETED')")
                .param("name", name).query(Boolean.class).single();
    }

    /** The name of a live platform already at this path on this server, if any. */
    public Optional<String> atPath(long serverId, String rootPath) {
        return jdbc.sql("""
                SELECT name FROM platforms WHERE server_id = :server AND status <> 'DELETED'
                AND rtrim(root_path, '/') = rtrim(:root, '/')""")
                .param("server", serverId).param("root", rootPath).query(String.class).optional();
    }

    public void setStatus(long id, PlatformStatus status) {
        jdbc.sql("UPDATE platforms SET status = :status, updated_at = now() WHERE id = :id")
                .param("status", status.name()).param("id", id).update();
    }

    /** After a successful verify: the core version, the time, and ENABLED unless the platform is locked. */
    public void recordVerified(long id, String coreVersion, Instant at) {
        jdbc.sql("""
                UPDATE platforms SET core_version = :core, verified_at = :at, updated_at = now(),
                       status = CASE WHEN status = 'QUEUED' THEN 'ENABLED' ELSE status END
                WHERE id = :id""")
                .param("core", coreVersion).param("at", Timestamp.from(at)).param("id", id).update();
    }

    static Platform platform(ResultSet rs, int row) throws SQLException {
        Timestamp verified = rs.getTimestamp("verified_at");
        return new Platform(rs.getLong("id"), rs.getString("name"), rs.getLong("server_id"),
                rs.getString("server_name"), rs.getString("root_path"), rs.getString("docroot"),
                rs.getString("drush_path"), PlatformStatus.valueOf(rs.getString("status")),
                rs.getString("core_version"), verified == null ? null : verified.toInstant(), rs.getLong("live_sites"));
    }
}
