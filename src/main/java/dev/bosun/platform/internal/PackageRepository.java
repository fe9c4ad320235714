package dev.bosun.platform.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.drupal.CodebaseScan.ScannedPackage;
import dev.bosun.drupal.PackageType;
import dev.bosun.platform.PlatformPackage;
import dev.bosun.platform.SitePackage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The package registry's tables: {@code packages} (name + type), {@code platform_packages} (a release
 * on a platform), {@code platform_languages} and {@code site_packages} (installed on a site).
 */
@Repository
public class PackageRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    PackageRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    public void replacePlatformPackages(long platformId, List<ScannedPackage> packages) {
        Map<String, Long> ids = packageIds(packages.stream().map(p -> new Key(p.name(), p.type())).toList());
        jdbc.sql("DELETE FROM platform_packages WHERE platform_id = :id").param("id", platformId).update();
        batch.batchUpdate("""
                INSERT INTO platform_packages (platform_id, package_id, version, schema_version, path, title, hidden)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", packages, 200, (ps, p) -> {
            ps.setLong(1, platformId);
            ps.setLong(2, ids.get(new Key(p.name(), p.type()).id()));
            ps.setString(3, p.version());
            ps.setObject(4, p.schemaVersion());
            ps.setString(5, p.path());
            ps.setString(6, p.title());
            ps.setBoolean(7, p.hidden());
        });
    }

    public void replacePlatformLanguages(long platformId, List<ScannedLanguage> languages) {
        jdbc.sql("DELETE FROM platform_languages WHERE platform_id = :id").param("id", platformId).update();
        batch.batchUpdate("INSERT INTO platform_languages (platform_id, profile, langcode) VALUES (?, ?, ?)",
                languages, 200, (ps, l) -> {
                    ps.setLong(1, platformId);
                    ps.setString(2, l.profile());
                    ps.setString(3, l.langcode());
                });
    }

    public void deletePlatformRecords(long platformId) {
        jdbc.sql("DELETE FROM platform_packages WHERE platform_id = :id").param("id", platformId).update();
        jdbc.sql("DELETE FROM platform_languages WHERE platform_id = :id").param("id", platformId).update();
    }

    public List<PlatformPackage> platformPackages(long platformId) {
        return jdbc.sql("""
                SELECT k.name, k.type, pp.title, pp.version, pp.schema_version, pp.path, pp.hidden
                FROM platform_packages pp JOIN packages k ON k.id = pp.package_id
                WHERE pp.platform_id = :id ORDER BY k.type, k.name""")
                .param("id", platformId).query(PackageRepository::platformPackage).list();
    }

    public List<ScannedLanguage> platformLanguages(long platformId) {
        return jdbc.sql("SELECT profile, langcode FROM platform_languages WHERE platform_id = :id ORDER BY profile, langcode")
                .param("id", platformId)
                .query((rs, n) -> new ScannedLanguage(rs.getString("profile"), rs.getString("langcode"))).list();
    }

    public void replaceSitePackages(long siteId, List<SitePackage> packages) {
        Map<String, Long> ids = packageIds(packages.stream().map(p -> new Key(p.name(), p.type())).toList());
        jdbc.sql("DELETE FROM site_packages WHERE site_id = :id").param("id", siteId).update();
        batch.batchUpdate("""
                INSERT INTO site_packages (site_id, package_id, version, schema_version, enabled)
                VALUES (?, ?, ?, ?, ?)""", packages, 200, (ps, p) -> {
            ps.setLong(1, siteId);
            ps.setLong(2, ids.get(new Key(p.name(), p.type()).id()));
            ps.setString(3, p.version());
            ps.setObject(4, p.schemaVersion());
            ps.setBoolean(5, p.enabled());
        });
    }

    public List<SitePackage> sitePackages(long siteId) {
        return jdbc.sql("""
                SELECT k.name, k.type, sp.version, sp.schema_version, sp.enabled
                FROM site_packages sp JOIN packages k ON k.id = sp.package_id
                WHERE sp.site_id = :id ORDER BY k.type, k.name""")
                .param("id", siteId)
                .query((rs, n) -> new SitePackage(rs.getString("name"), PackageType.fromCode(rs.getString("type")),
                        rs.getString("version"), (Integer) rs.getObject("schema_version"), rs.getBoolean("enabled")))
                .list();
    }

    private record Key(String name, PackageType type) {
        String id() {
            return type.code() + ":" + name;
        }
    }

    /** Ids of the packages, inserting those not yet known (concurrent inserts of the same one are fine). */
    private Map<String, Long> packageIds(Collection<Key> keys) {
        batch.batchUpdate("INSERT INTO packages (name, type) VALUES (?, ?) ON CONFLICT (name, type) DO NOTHING",
                List.copyOf(keys), 200, (ps, key) -> {
                    ps.setString(1, key.name());
                    ps.setString(2, key.type().code());
                });
        Map<String, Long> ids = new HashMap<>();
        if (keys.isEmpty()) {
            return ids;
        }
        jdbc.sql("SELECT id, name, type FROM packages WHERE name IN (:names)")
                .param("names", keys.stream().map(Key::name).distinct().toList())
                .query((rs, n) -> ids.put(rs.getString("type") + ":" + rs.getString("name"), rs.getLong("id")))
                .list();
        return ids;
    }

    private static PlatformPackage platformPackage(ResultSet rs, int row) throws SQLException {
        return new PlatformPackage(rs.getString("name"), PackageType.fromCode(rs.getString("type")),
                rs.getString("title"), rs.getString("version"), (Integer) rs.getObject("schema_version"),
                rs.getString("path"), rs.getBoolean("hidden"));
    }
}
