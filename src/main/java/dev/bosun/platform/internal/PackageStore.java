package dev.bosun.platform.internal;

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
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The package registry's tables: {@code packages} (name + type), {@code platform_packages} (a release
 * on a platform), {@code platform_languages} and {@code site_packages} (installed on a site).
 * <p>
 * They are read through entities. A scan's results are written in plain SQL (docs/adr/0024): new packages are
 * registered with insert-if-absent, which concurrent verifies rely on and JPA cannot express, and the hundreds of
 * rows of a scan go in JDBC batches, which Hibernate does not do for identity ids.
 */
@Component
public class PackageStore {

    private final PlatformPackageRepository platformPackages;
    private final PlatformLanguageRepository platformLanguages;
    private final SitePackageRepository sitePackages;
    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    PackageStore(PlatformPackageRepository platformPackages, PlatformLanguageRepository platformLanguages,
                 SitePackageRepository sitePackages, JdbcClient jdbc, JdbcTemplate batch) {
        this.platformPackages = platformPackages;
        this.platformLanguages = platformLanguages;
        this.sitePackages = sitePackages;
        this.jdbc = jdbc;
        this.batch = batch;
    }

    @Transactional
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

    @Transactional
    public void replacePlatformLanguages(long platformId, List<ScannedLanguage> languages) {
        jdbc.sql("DELETE FROM platform_languages WHERE platform_id = :id").param("id", platformId).update();
        batch.batchUpdate("INSERT INTO platform_languages (platform_id, profile, langcode) VALUES (?, ?, ?)",
                languages, 200, (ps, l) -> {
                    ps.setLong(1, platformId);
                    ps.setString(2, l.profile());
                    ps.setString(3, l.langcode());
                });
    }

    @Transactional
    public void deletePlatformRecords(long platformId) {
        platformPackages.deleteByPlatform(platformId);
        platformLanguages.deleteByPlatform(platformId);
    }

    /** The platform's packages by type, then name. */
    @Transactional(readOnly = true)
    public List<PlatformPackage> platformPackages(long platformId) {
        return platformPackages.findByPlatform(platformId).stream().map(PlatformPackageEntity::platformPackage).toList();
    }

    @Transactional(readOnly = true)
    public List<ScannedLanguage> platformLanguages(long platformId) {
        return platformLanguages.findByPlatform(platformId).stream().map(PlatformLanguageEntity::language).toList();
    }

    /** The profiles that enabled platforms offer (not hidden), by name. */
    @Transactional(readOnly = true)
    public List<String> offeredProfiles() {
        return jdbc.sql("""
                SELECT DISTINCT k.name FROM platform_packages pp
                JOIN packages k ON k.id = pp.package_id AND k.type = 'profile'
                JOIN platforms p ON p.id = pp.platform_id AND p.status = 'ENABLED'
                WHERE NOT pp.hidden
                ORDER BY k.name""").query(String.class).list();
    }

    /** The language codes the platform offers for the profile (or for every profile), sorted. */
    @Transactional(readOnly = true)
    public List<String> languagesFor(long platformId, String profile) {
        return jdbc.sql("""
                SELECT DISTINCT langcode FROM platform_languages
                WHERE platform_id = :platform AND (profile = '*' OR profile = :profile) ORDER BY langcode""")
                .param("platform", platformId).param("profile", profile)
                .query(String.class).list();
    }

    @Transactional
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

    /** The site's packages by type, then name. */
    @Transactional(readOnly = true)
    public List<SitePackage> sitePackages(long siteId) {
        return sitePackages.findBySite(siteId).stream().map(SitePackageEntity::sitePackage).toList();
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
}
