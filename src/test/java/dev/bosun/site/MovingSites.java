package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import dev.bosun.BosunProperties;
import dev.bosun.drupal.DrushAlias;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.SitePackage;
import dev.bosun.secret.SecretBox;
import dev.bosun.server.DbType;
import dev.bosun.server.ServerRegistration;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What migrate and clone tests share on top of the running master: the Migrate and Clone features on
 * while they run, a second registration of the machine's MariaDB (another db server record, so a site's
 * database can be moved or cloned "to another server"), and snapshots of everything a site is made of.
 */
abstract class MovingSites extends RunningMaster {

    @Autowired
    protected SettingsService settings;
    @Autowired
    protected PackageRegistry packages;
    @Autowired
    protected SecretBox secrets;
    @Autowired
    protected BosunProperties properties;

    private Set<Feature> featuresBefore;

    @BeforeEach
    void migrateAndCloneOn() {
        featuresBefore = settings.enabledFeatures();
        settings.setFeature(Feature.CLONE, true);
    }

    @AfterEach
    void featuresAsBefore() {
        settings.setFeatures(featuresBefore);
    }

    /**
     * The machine's MariaDB registered a second time, as the db service of a db-only server of its own;
     * registered once per context. Databases "moved" there stay on the same MariaDB, under new names.
     */
    protected long secondMariadbService() {
        String name = "mariadb-second";
        return servers.list().stream().filter(server -> server.name().equals(name)).findFirst()
                .orElseGet(() -> {
                    TestDatabases.Server db = TestDatabases.mariadb();
                    return servers.register(new ServerRegistration(name, "localhost", 22,
                            System.getProperty("user.name"), false, null,
                            new ServerRegistration.DbSettings(DbType.MARIADB, "127.0.0.1", db.port(), db.username(),
                                    db.password())));
                })
                .db().id();
    }

    /** Queues a task with arguments, waits until it ends and asserts that it succeeded; answers its log. */
    protected String succeeds(long siteId, SiteTaskType type, SiteTaskArgs args) {
        TaskSummary done = run(siteId, type, args);
        String log = log(done);
        assertThat(done.status()).as(type.key() + ": " + log).isEqualTo(TaskStatus.SUCCESS);
        return log;
    }

    /** The site's row as a migrate changes it, the password decrypted (it is encrypted anew on every store). */
    record Row(String domain, long platformId, long dbServiceId, String database, String user, String password,
               String status) {
    }

    protected Row row(long siteId) {
        return jdbc.sql("""
                SELECT domain, platform_id, db_service_id, db_name, db_user, db_password_enc, status
                FROM sites WHERE id = :id""").param("id", siteId)
                .query((rs, n) -> new Row(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getString(6) == null ? null : secrets.decrypt(rs.getString(6)),
                        rs.getString(7)))
                .single();
    }

    protected List<SitePackage> recordedPackages(long siteId) {
        return packages.sitePackages(siteId);
    }

    /** The installed schema version the registry records for one of the site's packages. */
    protected Integer recordedSchema(long siteId, String name) {
        return recordedPackages(siteId).stream().filter(p -> p.name().equals(name)).findFirst()
                .map(SitePackage::schemaVersion).orElse(null);
    }

    /** The entries of a platform's sites/ folder (hidden ones included). */
    protected List<String> siteFolders(long platformId) throws Exception {
        try (Stream<Path> entries = Files.list(Path.of(platforms.get(platformId).docrootPath(), "sites"))) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    protected static Path vhost(String domain) {
        return vhostDir().resolve(domain);
    }

    /** The drush alias file of a domain, on the master. */
    protected Path aliasFile(String domain) {
        return properties.homeDir().resolve("drush").resolve(DrushAlias.fileName(domain));
    }

    protected static String uniqueDomain(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + ".example.com";
    }
}
