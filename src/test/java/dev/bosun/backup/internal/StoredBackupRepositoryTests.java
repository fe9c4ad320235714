package dev.bosun.backup.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.NewBackup;
import dev.bosun.test.BosunTest;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

@BosunTest
@Transactional
class StoredBackupRepositoryTests {

    static final Instant CREATED = Instant.parse("2026-03-01T02:00:00.000001500Z");
    static final String SHA = "0123456789abcdef".repeat(4);

    @Autowired
    StoredBackupRepository backups;

    @Autowired
    EntityManager entityManager;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aBackupIsStoredInItsColumnsAndReadBackAsTheSameInfo() {
        long siteId = site("stored.example.com");
        long taskId = jdbc.sql("INSERT INTO tasks (type, target_type, target_id, site_id) VALUES ('migrate', 'SITE', :s, :s) RETURNING id")
                .param("s", siteId).query(Long.class).single();
        StoredBackup saved = backups.saveAndFlush(new StoredBackup(new NewBackup(siteId, taskId, BackupKind.PRE_MIGRATE,
                null, archive("/srv/backups/stored.example.com-20260301.020000.tar.gz", CREATED))));
        BackupInfo handedOut = saved.info();
        entityManager.clear();

        Map<String, Object> stored = jdbc.sql("""
                SELECT site_id, task_id, path, size_bytes, sha256, description, format, kind FROM backups WHERE id = :id""")
                .param("id", handedOut.id()).query().singleRow();
        assertThat(stored).containsEntry("site_id", siteId).containsEntry("task_id", taskId)
                .containsEntry("path", "/srv/backups/stored.example.com-20260301.020000.tar.gz")
                .containsEntry("size_bytes", 4096L).containsEntry("sha256", SHA)
                .containsEntry("description", "Generated before being migrated")
                .containsEntry("format", "tar.gz").containsEntry("kind", "PRE_MIGRATE");

        StoredBackup read = backups.findById(handedOut.id()).orElseThrow();
        assertThat(read.getKind()).isEqualTo(BackupKind.PRE_MIGRATE);
        assertThat(read.getTaskId()).isEqualTo(taskId);
        assertThat(read.info()).isEqualTo(handedOut)
                .isEqualTo(new BackupInfo(handedOut.id(), siteId, Instant.parse("2026-03-01T02:00:00.000001Z"), 4096,
                        SHA, "Generated before being migrated",
                        Path.of("/srv/backups/stored.example.com-20260301.020000.tar.gz")));
    }

    @Test
    void everyKindIsStoredByItsName() {
        long siteId = site("kinds.example.com");
        for (BackupKind kind : BackupKind.values()) {
            backups.save(new StoredBackup(new NewBackup(siteId, null, kind, "", archive("/srv/b/" + kind, CREATED))));
        }
        backups.flush();
        entityManager.clear();

        assertThat(jdbc.sql("SELECT kind FROM backups WHERE site_id = :s ORDER BY id").param("s", siteId)
                .query(String.class).list())
                .containsExactlyElementsOf(List.of(BackupKind.values()).stream().map(Enum::name).toList());
        assertThat(backups.findBySiteIdOrderByCreatedAtDescIdDesc(siteId)).extracting(StoredBackup::getKind)
                .containsExactlyInAnyOrder(BackupKind.values());
    }

    @Test
    void aSitesBackupsComeNewestFirstAndTheirPresenceIsKnown() {
        long siteId = site("order.example.com");
        long other = site("other.example.com");
        long older = backups.save(new StoredBackup(new NewBackup(siteId, null, BackupKind.AUTOMATED, null,
                archive("/srv/b/older", CREATED)))).info().id();
        long sameTime = backups.save(new StoredBackup(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("/srv/b/same", CREATED)))).info().id();
        long newer = backups.save(new StoredBackup(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("/srv/b/newer", CREATED.plusSeconds(3600))))).info().id();
        backups.flush();
        entityManager.clear();

        assertThat(backups.findBySiteIdOrderByCreatedAtDescIdDesc(siteId)).extracting(backup -> backup.info().id())
                .containsExactly(newer, sameTime, older);
        assertThat(backups.existsBySiteId(siteId)).isTrue();
        assertThat(backups.existsBySiteId(other)).isFalse();
    }

    private static BackupArchive archive(String path, Instant createdAt) {
        return new BackupArchive(Path.of(path), 4096, SHA, createdAt, 3, 1024, List.of());
    }

    private long site(String domain) {
        long client = insert("INSERT INTO clients (name) VALUES ('Stored " + domain + "') RETURNING id");
        long server = insert("INSERT INTO servers (name, hostname) VALUES ('" + domain + "', 'localhost') RETURNING id");
        long db = insert("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        long platform = insert("INSERT INTO platforms (name, server_id, root_path) VALUES ('" + domain + "', " + server
                + ", '/srv/p') RETURNING id");
        return jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status)
                VALUES (:d, :c, :p, :db, 'standard', 'ENABLED') RETURNING id""")
                .param("d", domain).param("c", client).param("p", platform).param("db", db).query(Long.class).single();
    }

    private long insert(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
