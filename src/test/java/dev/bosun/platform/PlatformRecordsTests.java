package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.drupal.CodebaseScan.ScannedPackage;
import dev.bosun.drupal.PackageType;
import dev.bosun.platform.internal.PackageStore;
import dev.bosun.platform.internal.PlatformStore;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The platform module's entities against the migrated schema: what is written is read back, as the columns hold it. */
@BosunTest
@TestPropertySource(properties = {"bosun.test.context=platform-records", "bosun.tasks.dispatch=false"})
class PlatformRecordsTests {

    private static final Instant VERIFIED = Instant.parse("2026-03-04T05:06:07.123456Z");

    @Autowired
    PlatformStore platforms;
    @Autowired
    PackageStore packages;
    @Autowired
    JdbcClient jdbc;

    Fleet fleet;
    long server;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(jdbc);
        server = fleet.master();
    }

    @Test
    void aPlatformRoundTripsWithItsServersNameAndItsLiveSites() {
        String name = unique("Base");
        long id = platforms.insert(name, server, "/var/aegir/" + name + "/", "web", "vendor/bin/drush");

        assertThat(platforms.find(id)).contains(new Platform(id, name, server, "master", "/var/aegir/" + name + "/",
                "web", "vendor/bin/drush", PlatformStatus.QUEUED, null, null, 0));
        assertThat(status(id)).isEqualTo("QUEUED");

        long client = fleet.client(unique("client"));
        fleet.site(unique("live") + ".example.com", id, client, "ENABLED");
        fleet.site(unique("gone") + ".example.com", id, client, "DELETED");
        assertThat(platforms.find(id).orElseThrow().liveSites()).isEqualTo(1);
    }

    @Test
    void aVerifyEnablesAQueuedPlatformButLeavesALockedOneLocked() {
        long queued = platforms.insert(unique("queued"), server, "/var/aegir/q-" + UUID.randomUUID(), "web", "drush");
        long locked = platforms.insert(unique("locked"), server, "/var/aegir/l-" + UUID.randomUUID(), "web", "drush");
        platforms.setStatus(locked, PlatformStatus.LOCKED);

        platforms.recordVerified(queued, "10.3.1", VERIFIED);
        platforms.recordVerified(locked, "10.3.2", VERIFIED);

        Platform enabled = platforms.find(queued).orElseThrow();
        assertThat(enabled.status()).isEqualTo(PlatformStatus.ENABLED);
        assertThat(enabled.coreVersion()).isEqualTo("10.3.1");
        assertThat(enabled.verifiedAt()).isEqualTo(VERIFIED);
        assertThat(status(queued)).isEqualTo("ENABLED");
        Platform stillLocked = platforms.find(locked).orElseThrow();
        assertThat(stillLocked.status()).isEqualTo(PlatformStatus.LOCKED);
        assertThat(stillLocked.coreVersion()).isEqualTo("10.3.2");
        assertThat(status(locked)).isEqualTo("LOCKED");
    }

    @Test
    void deletedPlatformsAreListedNowhereAndFreeTheirNameAndPath() {
        String name = unique("Gone");
        String root = "/var/aegir/" + name;
        long id = platforms.insert(name, server, root + "/", "web", "drush");
        assertThat(platforms.nameTaken(name.toUpperCase())).isTrue();
        assertThat(platforms.atPath(server, root)).contains(name);
        assertThat(platforms.atPath(server, root + "//")).contains(name);
        assertThat(platforms.list()).extracting(Platform::id).contains(id);

        platforms.setStatus(id, PlatformStatus.DELETED);

        assertThat(status(id)).isEqualTo("DELETED");
        assertThat(platforms.nameTaken(name)).isFalse();
        assertThat(platforms.atPath(server, root)).isEmpty();
        assertThat(platforms.list()).extracting(Platform::id).doesNotContain(id);
        assertThat(platforms.find(id).orElseThrow().status()).isEqualTo(PlatformStatus.DELETED);
    }

    @Test
    void theListIsByNameRegardlessOfCase() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        long b = platforms.insert("b-" + suffix, server, "/var/aegir/b-" + suffix, "web", "drush");
        long a = platforms.insert("A-" + suffix, server, "/var/aegir/a-" + suffix, "web", "drush");

        assertThat(platforms.list()).extracting(Platform::id).filteredOn(id -> id == a || id == b).containsExactly(a, b);
    }

    @Test
    void aScanRoundTripsWithPackageTypesAsStored() {
        long id = platforms.insert(unique("scan"), server, "/var/aegir/s-" + UUID.randomUUID(), "web", "drush");
        String module = unique("module");
        List<ScannedPackage> scan = List.of(
                new ScannedPackage(module, PackageType.MODULE, "A module", "1.2.0", 10201, "modules/contrib/x", false),
                new ScannedPackage("olivero", PackageType.THEME, "Olivero", "10.3.1", null, "core/themes/olivero", true),
                new ScannedPackage("drupal", PackageType.CORE, "Drupal", "10.3.1", null, "core", false));

        packages.replacePlatformPackages(id, scan);
        packages.replacePlatformLanguages(id, List.of(new ScannedLanguage("*", "de"), new ScannedLanguage("*", "fr")));

        assertThat(packages.platformPackages(id)).containsExactly(
                new PlatformPackage("drupal", PackageType.CORE, "Drupal", "10.3.1", null, "core", false),
                new PlatformPackage(module, PackageType.MODULE, "A module", "1.2.0", 10201, "modules/contrib/x", false),
                new PlatformPackage("olivero", PackageType.THEME, "Olivero", "10.3.1", null, "core/themes/olivero", true));
        assertThat(jdbc.sql("SELECT type FROM packages WHERE name = :name").param("name", module)
                .query(String.class).single()).isEqualTo("module");
        assertThat(packages.platformLanguages(id))
                .containsExactly(new ScannedLanguage("*", "de"), new ScannedLanguage("*", "fr"));

        packages.replacePlatformPackages(id, scan.subList(0, 1));
        assertThat(packages.platformPackages(id)).extracting(PlatformPackage::name).containsExactly(module);

        packages.deletePlatformRecords(id);
        assertThat(packages.platformPackages(id)).isEmpty();
        assertThat(packages.platformLanguages(id)).isEmpty();
    }

    @Test
    void aSitesPackagesRoundTrip() {
        long id = platforms.insert(unique("site"), server, "/var/aegir/t-" + UUID.randomUUID(), "web", "drush");
        long site = fleet.site(unique("packages") + ".example.com", id, fleet.client(unique("client")), "ENABLED");
        String theme = unique("theme");
        List<SitePackage> installed = List.of(
                new SitePackage(theme, PackageType.THEME, "2.0.0", null, false),
                new SitePackage("node", PackageType.MODULE, "10.3.1", 10300, true),
                new SitePackage("standard", PackageType.PROFILE, null, 8000, true));

        packages.replaceSitePackages(site, installed);

        assertThat(packages.sitePackages(site)).containsExactly(
                new SitePackage("node", PackageType.MODULE, "10.3.1", 10300, true),
                new SitePackage("standard", PackageType.PROFILE, null, 8000, true),
                new SitePackage(theme, PackageType.THEME, "2.0.0", null, false));
    }

    private String status(long id) {
        return jdbc.sql("SELECT status FROM platforms WHERE id = :id").param("id", id).query(String.class).single();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
