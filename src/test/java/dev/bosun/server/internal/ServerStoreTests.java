package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import dev.bosun.secret.SecretBox;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerFixtures;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The server module's entities against the migrated schema: what is written is read back, as the columns hold it. */
@BosunTest
@TestPropertySource(properties = {ServerFixtures.OWN_CONTEXT, ServerFixtures.NO_DISPATCH, ServerFixtures.SMALL_POOL})
class ServerStoreTests {

    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07.123456Z");
    private static final Instant LATER = Instant.parse("2026-03-05T06:07:08.654321Z");

    @Autowired
    ServerStore store;
    @Autowired
    SecretBox secrets;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aServerRoundTripsAndItsStatusIsStoredByName() {
        String name = unique("web");
        long id = store.insertServer(name, "127.0.0.5", 2222, "aegir", false, CREATED);

        ServerInfo server = store.findById(id).orElseThrow();

        assertThat(server).isEqualTo(new ServerInfo(id, name, "127.0.0.5", 2222, "aegir", false, ServerStatus.QUEUED,
                null, null, null, null));
        assertThat(row("SELECT status FROM servers WHERE id = :id", id)).isEqualTo("QUEUED");
        assertThat(store.findIdByName(name.toUpperCase())).contains(id);
        assertThat(store.findAll()).extracting(ServerInfo::id).contains(id);
    }

    @Test
    void aSecondServerOfTheSameNameIsRefusedByTheDatabase() {
        String name = unique("twin");
        store.insertServer(name, "127.0.0.5", 22, null, false, CREATED);

        assertThatThrownBy(() -> store.insertServer(name.toUpperCase(), "127.0.0.6", 22, null, false, CREATED))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void servicesRoundTripWithTheirTypesAsStoredAndTheAdminPasswordEncrypted() {
        long id = store.insertServer(unique("both"), "127.0.0.5", 22, null, false, CREATED);
        store.saveHttpService(id, HttpType.NGINX, "/etc/nginx/bosun.d", "nginx -t", "nginx -s reload", 8080,
                "unix:/run/php/php8.2-fpm.sock", CREATED);
        store.saveDbService(id, DbType.POSTGRESQL, "127.0.0.1", 5432, "bosun", secrets.encrypt("s3cret"), CREATED);

        ServerInfo server = store.findById(id).orElseThrow();

        HttpServiceInfo http = server.http();
        assertThat(http).isEqualTo(new HttpServiceInfo(http.id(), id, HttpType.NGINX, "/etc/nginx/bosun.d", "nginx -t",
                "nginx -s reload", 8080, "unix:/run/php/php8.2-fpm.sock", ServerStatus.QUEUED));
        DbServiceInfo db = server.db();
        assertThat(db).isEqualTo(new DbServiceInfo(db.id(), id, DbType.POSTGRESQL, "127.0.0.1", 5432, "bosun",
                ServerStatus.QUEUED));
        assertThat(store.findDbService(db.id())).contains(db);
        assertThat(store.findDbService(http.id())).isEmpty();
        assertThat(jdbc.sql("SELECT kind || ' ' || type || ' ' || status FROM services WHERE server_id = :id ORDER BY kind")
                .param("id", id).query(String.class).list()).containsExactly("db postgresql QUEUED", "http nginx QUEUED");
        String stored = row("SELECT admin_password_enc FROM services WHERE id = :id", db.id());
        assertThat(stored).doesNotContain("s3cret");
        assertThat(store.findDbAdminPassword(db.id()).map(secrets::decrypt)).contains("s3cret");
    }

    @Test
    void savingAServiceAgainChangesItInPlaceAndANullPasswordKeepsTheStoredOne() {
        long id = store.insertServer(unique("edit"), "127.0.0.5", 22, null, false, CREATED);
        store.saveDbService(id, DbType.MARIADB, "127.0.0.1", 3306, "root", secrets.encrypt("first"), CREATED);
        store.saveHttpService(id, HttpType.NGINX, "/a", "nginx -t", "nginx -s reload", 80, null, CREATED);
        long dbId = store.findById(id).orElseThrow().db().id();

        store.saveDbService(id, DbType.MYSQL, "db.example.com", 3307, "admin", null, LATER);
        store.saveHttpService(id, HttpType.APACHE, "/b", "apache2ctl configtest", "apache2ctl graceful", 8080, null, LATER);

        ServerInfo server = store.findById(id).orElseThrow();
        assertThat(server.db()).isEqualTo(new DbServiceInfo(dbId, id, DbType.MYSQL, "db.example.com", 3307, "admin",
                ServerStatus.QUEUED));
        assertThat(server.http().type()).isEqualTo(HttpType.APACHE);
        assertThat(server.http().vhostDir()).isEqualTo("/b");
        assertThat(store.findDbAdminPassword(dbId).map(secrets::decrypt)).contains("first");
        assertThat(row("SELECT type FROM services WHERE server_id = :id AND kind = 'http'", id)).isEqualTo("apache");
    }

    @Test
    void rowsWrittenInSqlAreReadWithTheirEnums() {
        long id = jdbc.sql("""
                INSERT INTO servers (name, hostname, status, verified_at) VALUES (:name, '127.0.0.7', 'LOCKED', :at)
                RETURNING id""").param("name", unique("sql")).param("at", java.sql.Timestamp.from(CREATED))
                .query(Long.class).single();
        jdbc.sql("""
                INSERT INTO services (server_id, kind, type, host, port, admin_user, status)
                VALUES (:id, 'db', 'mariadb', '127.0.0.1', 3306, 'root', 'ENABLED')""").param("id", id).update();

        ServerInfo server = store.findById(id).orElseThrow();

        assertThat(server.status()).isEqualTo(ServerStatus.LOCKED);
        assertThat(server.verifiedAt()).isEqualTo(CREATED);
        assertThat(server.db().type()).isEqualTo(DbType.MARIADB);
        assertThat(server.db().status()).isEqualTo(ServerStatus.ENABLED);
        assertThat(server.http()).isNull();
    }

    @Test
    void aHostKeyIsPinnedOnlyWhereNoneIsAndANewAddressForgetsIt() {
        long id = store.insertServer(unique("pin"), "127.0.0.5", 22, "aegir", false, CREATED);

        store.pinHostKey(id, "ssh-ed25519 AAAAfirst");
        store.pinHostKey(id, "ssh-ed25519 AAAAsecond");
        assertThat(store.findById(id).orElseThrow().hostKey()).isEqualTo("ssh-ed25519 AAAAfirst");

        store.updateServer(id, "renamed-" + id, "127.0.0.5", 22, "other", false, LATER);
        assertThat(store.findById(id).orElseThrow().hostKey()).isEqualTo("ssh-ed25519 AAAAfirst");

        store.updateServer(id, "renamed-" + id, "127.0.0.5", 2222, "other", false, LATER);
        ServerInfo moved = store.findById(id).orElseThrow();
        assertThat(moved.hostKey()).isNull();
        assertThat(moved.name()).isEqualTo("renamed-" + id);
        assertThat(moved.sshUser()).isEqualTo("other");

        store.pinHostKey(id, "ssh-ed25519 AAAAthird");
        store.forgetHostKey(id, LATER);
        assertThat(store.findById(id).orElseThrow().hostKey()).isNull();
    }

    @Test
    void aVerifyEnablesAQueuedServerAndItsServicesButNotALockedOne() {
        long queued = store.insertServer(unique("queued"), "127.0.0.5", 22, null, false, CREATED);
        store.saveHttpService(queued, HttpType.NGINX, "/a", "nginx -t", "nginx -s reload", 80, null, CREATED);
        long locked = store.insertServer(unique("locked"), "127.0.0.6", 22, null, false, CREATED);
        jdbc.sql("UPDATE servers SET status = 'LOCKED' WHERE id = :id").param("id", locked).update();

        store.markVerified(queued, LATER);
        store.markVerified(locked, LATER);

        ServerInfo enabled = store.findById(queued).orElseThrow();
        assertThat(enabled.status()).isEqualTo(ServerStatus.ENABLED);
        assertThat(enabled.verifiedAt()).isEqualTo(LATER);
        assertThat(enabled.http().status()).isEqualTo(ServerStatus.ENABLED);
        assertThat(store.findById(locked).orElseThrow().status()).isEqualTo(ServerStatus.LOCKED);
        assertThat(store.findById(locked).orElseThrow().verifiedAt()).isNull();
    }

    @Test
    void aServiceInUseIsKeptAndAnUnusedOneRemoved() {
        long id = store.insertServer(unique("remove"), "127.0.0.5", 22, null, false, CREATED);
        store.saveHttpService(id, HttpType.NGINX, "/a", "nginx -t", "nginx -s reload", 80, null, CREATED);
        store.saveDbService(id, DbType.MARIADB, "127.0.0.1", 3306, "root", secrets.encrypt(""), CREATED);
        jdbc.sql("INSERT INTO platforms (name, server_id, root_path) VALUES (:name, :id, '/var/aegir/p')")
                .param("name", unique("platform")).param("id", id).update();

        assertThat(store.deleteHttpService(id)).isFalse();
        assertThat(store.deleteDbService(id)).isTrue();

        ServerInfo server = store.findById(id).orElseThrow();
        assertThat(server.http()).isNotNull();
        assertThat(server.db()).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM services WHERE server_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    private String row(String sql, long id) {
        return jdbc.sql(sql).params(Map.of("id", id)).query(String.class).single();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
