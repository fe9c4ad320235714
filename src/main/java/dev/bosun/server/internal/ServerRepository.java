package dev.bosun.server.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Servers and their services in {@code servers} / {@code services}. */
@Repository
public class ServerRepository {

    private static final String SELECT_SERVER = """
            SELECT id, name, hostname, port, ssh_user, master, status, host_key, verified_at FROM servers""";
    private static final String SELECT_SERVICE = """
            SELECT id, server_id, kind, type, host, port, admin_user, vhost_dir, config_test_cmd, reload_cmd,
                   php_fastcgi, status FROM services""";

    private final JdbcClient jdbc;

    ServerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM servers").query(Long.class).single();
    }

    public List<ServerInfo> findAll() {
        List<ServerRow> rows = jdbc.sql(SELECT_SERVER + " ORDER BY master DESC, lower(name)").query(ServerRepository::row).list();
        return rows.stream().map(this::withServices).toList();
    }

    public Optional<ServerInfo> findById(long id) {
        return jdbc.sql(SELECT_SERVER + " WHERE id = :id").param("id", id).query(ServerRepository::row).optional()
                .map(this::withServices);
    }

    public Optional<ServerInfo> findMaster() {
        return jdbc.sql(SELECT_SERVER + " WHERE master").query(ServerRepository::row).optional().map(this::withServices);
    }

    public Optional<Long> findIdByName(String name) {
        return jdbc.sql("SELECT id FROM servers WHERE lower(name) = lower(:name)").param("name", name)
                .query(Long.class).optional();
    }

    public Optional<DbServiceInfo> findDbService(long serviceId) {
        return jdbc.sql(SELECT_SERVICE + " WHERE id = :id AND kind = 'db'").param("id", serviceId)
                .query((rs, n) -> db(rs)).optional();
    }

    public Optional<String> findDbAdminPassword(long serviceId) {
        return jdbc.sql("SELECT admin_password_enc FROM services WHERE id = :id").param("id", serviceId)
                .query((rs, n) -> Optional.ofNullable(rs.getString(1))).optional().flatMap(p -> p);
    }

    public long insertServer(String name, String hostname, int port, String sshUser, boolean master, Instant now) {
        return jdbc.sql("""
                INSERT INTO servers (name, hostname, port, ssh_user, master, status, created_at, updated_at)
                VALUES (:name, :hostname, :port, :sshUser, :master, 'QUEUED', :now, :now) RETURNING id""")
                .param("name", name).param("hostname", hostname).param("port", port).param("sshUser", sshUser)
                .param("master", master).param("now", Timestamp.from(now))
                .query(Long.class).single();
    }

    /** Updates the server; a new address or user forgets the pinned host key, which belonged to the old one. */
    public void updateServer(long id, String name, String hostname, int port, String sshUser, boolean master,
                             Instant now) {
        jdbc.sql("""
                UPDATE servers SET name = :name, hostname = :hostname, port = :port, ssh_user = :sshUser,
                       master = :master, updated_at = :now,
                       host_key = CASE WHEN hostname = :hostname AND port = :port THEN host_key END
                WHERE id = :id""")
                .param("id", id).param("name", name).param("hostname", hostname).param("port", port)
                .param("sshUser", sshUser).param("master", master).param("now", Timestamp.from(now)).update();
    }

    public void saveHttpService(long serverId, HttpType type, String vhostDir, String configTest, String reload,
                                int port, String phpFastcgi, Instant now) {
        jdbc.sql("""
                INSERT INTO services (server_id, kind, type, port, vhost_dir, config_test_cmd, reload_cmd, php_fastcgi,
                                      created_at, updated_at)
                VALUES (:serverId, 'http', :type, :port, :vhostDir, :configTest, :reload, :fastcgi, :now, :now)
                ON CONFLICT (server_id, kind) DO UPDATE SET type = EXCLUDED.type, port = EXCLUDED.port,
                    vhost_dir = EXCLUDED.vhost_dir, config_test_cmd = EXCLUDED.config_test_cmd,
                    reload_cmd = EXCLUDED.reload_cmd, php_fastcgi = EXCLUDED.php_fastcgi, updated_at = EXCLUDED.updated_at""")
                .param("serverId", serverId).param("type", type.name().toLowerCase()).param("port", port)
                .param("vhostDir", vhostDir).param("configTest", configTest).param("reload", reload)
                .param("fastcgi", phpFastcgi).param("now", Timestamp.from(now)).update();
    }

    /** Saves the db service; a null {@code passwordEnc} keeps the stored password. */
    public void saveDbService(long serverId, DbType type, String host, int port, String adminUser, String passwordEnc,
                              Instant now) {
        jdbc.sql("""
                INSERT INTO services (server_id, kind, type, host, port, admin_user, admin_password_enc, created_at, updated_at)
                VALUES (:serverId, 'db', :type, :host, :port, :adminUser, :password, :now, :now)
                ON CONFLICT (server_id, kind) DO UPDATE SET type = EXCLUDED.type, host = EXCLUDED.host,
                    port = EXCLUDED.port, admin_user = EXCLUDED.admin_user,
                    admin_password_enc = COALESCE(EXCLUDED.admin_password_enc, services.admin_password_enc),
                    updated_at = EXCLUDED.updated_at""")
                .param("serverId", serverId).param("type", type.name().toLowerCase()).param("host", host)
                .param("port", port).param("adminUser", adminUser).param("password", passwordEnc)
                .param("now", Timestamp.from(now)).update();
    }

    /** Removes a service nothing uses (no site for a db service, no live platform for a web service). */
    public boolean deleteService(long serverId, String kind) {
        String users = kind.equals("db")
                ? "SELECT count(*) FROM services s JOIN sites t ON t.db_service_id = s.id WHERE s.server_id = :serverId AND s.kind = 'db'"
                : "SELECT count(*) FROM platforms WHERE server_id = :serverId AND status <> 'DELETED'";
        if (jdbc.sql(users).param("serverId", serverId).query(Long.class).single() > 0) {
            return false;
        }
        jdbc.sql("DELETE FROM services WHERE server_id = :serverId AND kind = :kind")
                .param("serverId", serverId).param("kind", kind).update();
        return true;
    }

    public void pinHostKey(long serverId, String hostKey) {
        jdbc.sql("UPDATE servers SET host_key = :key WHERE id = :id AND host_key IS NULL")
                .param("id", serverId).param("key", hostKey).update();
    }

    public void forgetHostKey(long serverId, Instant now) {
        jdbc.sql("UPDATE servers SET host_key = NULL, updated_at = :now WHERE id = :id")
                .param("id", serverId).param("now", Timestamp.from(now)).update();
    }

    public void markVerified(long serverId, Instant now) {
        jdbc.sql("UPDATE servers SET status = 'ENABLED', verified_at = :now WHERE id = :id AND status IN ('QUEUED', 'ENABLED')")
                .param("id", serverId).param("now", Timestamp.from(now)).update();
        jdbc.sql("UPDATE services SET status = 'ENABLED' WHERE server_id = :id")
                .param("id", serverId).update();
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private ServerInfo withServices(ServerRow row) {
        List<ResultRow> services = jdbc.sql(SELECT_SERVICE + " WHERE server_id = :id").param("id", row.id())
                .query((rs, n) -> new ResultRow(rs.getString("kind"), "http".equals(rs.getString("kind")) ? http(rs) : null,
                        "db".equals(rs.getString("kind")) ? db(rs) : null))
                .list();
        HttpServiceInfo http = services.stream().map(ResultRow::http).filter(h -> h != null).findFirst().orElse(null);
        DbServiceInfo db = services.stream().map(ResultRow::db).filter(d -> d != null).findFirst().orElse(null);
        return new ServerInfo(row.id(), row.name(), row.hostname(), row.port(), row.sshUser(), row.master(),
                row.status(), row.hostKey(), row.verifiedAt(), http, db);
    }

    private static HttpServiceInfo http(ResultSet rs) throws SQLException {
        return new HttpServiceInfo(rs.getLong("id"), rs.getLong("server_id"),
                HttpType.valueOf(rs.getString("type").toUpperCase()), rs.getString("vhost_dir"),
                rs.getString("config_test_cmd"), rs.getString("reload_cmd"), rs.getInt("port"),
                rs.getString("php_fastcgi"), ServerStatus.valueOf(rs.getString("status")));
    }

    private static DbServiceInfo db(ResultSet rs) throws SQLException {
        return new DbServiceInfo(rs.getLong("id"), rs.getLong("server_id"),
                DbType.valueOf(rs.getString("type").toUpperCase()), rs.getString("host"), rs.getInt("port"),
                rs.getString("admin_user"), ServerStatus.valueOf(rs.getString("status")));
    }

    private static ServerRow row(ResultSet rs, int n) throws SQLException {
        Timestamp verified = rs.getTimestamp("verified_at");
        return new ServerRow(rs.getLong("id"), rs.getString("name"), rs.getString("hostname"), rs.getInt("port"),
                rs.getString("ssh_user"), rs.getBoolean("master"), ServerStatus.valueOf(rs.getString("status")),
                rs.getString("host_key"), verified == null ? null : verified.toInstant());
    }

    private record ServerRow(long id, String name, String hostname, int port, String sshUser, boolean master,
                             ServerStatus status, String hostKey, Instant verifiedAt) {
    }

    private record ResultRow(String kind, HttpServiceInfo http, DbServiceInfo db) {
    }
}
