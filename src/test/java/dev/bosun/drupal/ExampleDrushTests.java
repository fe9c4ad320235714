package dev.bosun.drupal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import dev.bosun.drupal.CodebaseScan.ScannedPackage;
import dev.bosun.test.ExampleSite;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The example platforms' drush-compatible script, for real, against a database on the machine's
 * MariaDB and PostgreSQL: what Bosun runs (docs/drush-contract.md) does what drush would.
 */
@RequiresProgram("php")
class ExampleDrushTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void siteInstallInstallsTheProfileAndStatusReportsTheSiteInstalled(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            ExampleSite.Result install = site.install();

            assertThat(install.exit()).as(install.stderr()).isZero();
            assertThat(install.stderr()).contains(" [success] Installation complete.");
            assertThat(DrushOutput.generatedPassword(install.stderr())).isPresent();
            DrushStatus status = DrushOutput.status(site.run(site.drush().status()).stdout());
            assertThat(status.installed()).isTrue();
            assertThat(status.installProfile()).isEqualTo("example");
            assertThat(status.drupalVersion()).isEqualTo(coreVersion(site.root));
            assertThat(status.dbDriver()).isEqualTo(engine.equals("mariadb") ? "mysql" : "pgsql");
            assertThat(site.run(site.drush().status()).stdout()).doesNotContain(ExampleSite.PASSWORD).doesNotContain("db-password");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void pmListHasTheShapeOfRealDrushOutput(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();
            String stdout = site.run(site.drush().packages()).stdout();

            JsonNode real = JSON.readTree(getClass().getResourceAsStream("real-drush-pm-list.json"));
            List<String> realKeys = real.get("node").propertyNames().stream().toList();
            JsonNode ours = JSON.readTree(stdout);
            for (JsonNode extension : ours) {
                assertThat(extension.propertyNames()).containsExactlyElementsOf(realKeys);
                assertThat(extension.get("status").asString()).isIn("Enabled", "Disabled");
                assertThat(extension.get("version").isString() || extension.get("version").isNull()).isTrue();
            }
            assertThat(stdout).startsWith("{\n    \"").as("pretty printed with four spaces, as drush does");
            assertThat(DrushOutput.extensions(real.toString())).extracting(DrushExtension::name, DrushExtension::enabled)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("node", true),
                            org.assertj.core.groups.Tuple.tuple("admin_toolbar", false),
                            org.assertj.core.groups.Tuple.tuple("mytheme", true));
            List<DrushExtension> extensions = DrushOutput.extensions(stdout);
            assertThat(extensions).filteredOn(DrushExtension::enabled).extracting(DrushExtension::name)
                    .contains("example", "system", "user", "node", "admin_toolbar", "pathauto", "token", "bosun_demo",
                            "olivero", "gin", "claro")
                    .doesNotContain("minimal", "standard", "stark", "system_test");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void installedSchemaVersionsAreTheLastUpdateOfEachModuleOrDrupalsMinimum(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();

            Map<String, Integer> schemas = DrushOutput.schemaVersions(site.run(site.drush().schemaVersions()).stdout());

            Map<String, Integer> expected = new TreeMap<>();
            CodebaseScan scan = scan(site.root);
            for (DrushExtension enabled : DrushOutput.extensions(site.run(site.drush().packages()).stdout())) {
                if (enabled.enabled() && enabled.type() != PackageType.THEME) {
                    Integer last = scan.find(enabled.name(), enabled.type()).map(ScannedPackage::schemaVersion).orElse(null);
                    expected.put(enabled.name(), last == null ? 8000 : Math.max(last, 8000));
                }
            }
            assertThat(new TreeMap<>(schemas)).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void updatedbOnTheNewerPlatformRunsExactlyThePendingUpdates(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();
            Map<String, Integer> before = DrushOutput.schemaVersions(site.run(site.drush().schemaVersions()).stdout());
            site.moveTo("example-newer");

            List<PendingUpdate> pending = DrushOutput.pendingUpdates(site.run(site.drush().pendingUpdates()).stdout());
            ExampleSite.Result update = site.run(site.drush().updateDatabase());
            Map<String, Integer> after = DrushOutput.schemaVersions(site.run(site.drush().schemaVersions()).stdout());

            CodebaseScan newer = scan(site.root);
            List<String> expected = new ArrayList<>();
            before.forEach((module, schema) -> newer.find(module, PackageType.MODULE)
                    .map(ScannedPackage::schemaVersion).filter(last -> last > schema)
                    .ifPresent(last -> expected.add(module + "_update_" + last)));
            assertThat(pending).extracting(PendingUpdate::id).containsExactlyInAnyOrderElementsOf(expected).isNotEmpty();
            assertThat(update.exit()).as(update.stderr()).isZero();
            assertThat(update.stderr()).contains(" [success] Finished performing updates.");
            pending.forEach(p -> assertThat(after.get(p.module())).isEqualTo(Integer.valueOf(p.updateId())));
            assertThat(DrushOutput.pendingUpdates(site.run(site.drush().pendingUpdates()).stdout())).isEmpty();
            try (Connection db = site.connect(); ResultSet rs = db.createStatement()
                    .executeQuery("SELECT note FROM bosun_demo_notes ORDER BY id")) {
                List<String> notes = new ArrayList<>();
                while (rs.next()) {
                    notes.add(rs.getString(1));
                }
                assertThat(notes).contains("Updated by bosun_demo_update_10002.");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void aOneTimeLoginLinkWorksOnceThroughIndexPhp(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();

            URI link = DrushOutput.loginUrl(site.run(site.drush().loginLink()).stdout());
            ExampleSite.Result again = site.run(site.drush().loginLink());
            assertThat(again.exit()).as("a second link, possibly in the same second: " + again.stderr()).isZero();

            assertThat(link.getHost()).isEqualTo(site.domain);
            assertThat(link.getPath()).matches("/user/reset/1/\\d+/[A-Za-z0-9_-]+/login");
            var first = site.get(link.getPath());
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.body()).contains("You have just used your one-time login link");
            assertThat(site.get(link.getPath()).statusCode()).isEqualTo(403);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void indexPhpShowsTheSiteAndItsMaintenanceMode(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();

            var live = site.get("/");
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("<h1>Example " + site.domain + "</h1>").contains("Maintenance mode: off")
                    .contains("<td>bosun_demo</td>");

            assertThat(site.run(site.drush().maintenanceMode(true)).exit()).isZero();
            var maintenance = site.get("/");
            assertThat(maintenance.statusCode()).isEqualTo(503);
            assertThat(maintenance.body()).contains("is currently under maintenance");

            assertThat(site.run(site.drush().maintenanceMode(false)).exit()).isZero();
            assertThat(site.get("/").statusCode()).isEqualTo(200);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void rewritingFilePathsMovesPathsUnderTheOldSiteDirectoryOnly(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();

            ExampleSite.Result rewrite = site.run(site.drush().rewriteFilePaths(site.domain, "renamed.example.com"));

            assertThat(rewrite.exit()).as(rewrite.stderr()).isZero();
            JsonNode facts = JSON.readTree(site.get("/bosun-example/status.json").body());
            assertThat(facts.get("files").valueStream().map(JsonNode::asString).collect(Collectors.toList()))
                    .containsExactly("public://welcome.txt", "sites/renamed.example.com/files/welcome.txt");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mariadb", "postgresql"})
    void cacheRebuildSucceedsOnAnInstalledSite(String engine) throws Exception {
        try (ExampleSite site = new ExampleSite(engine, "example-base")) {
            site.install();

            ExampleSite.Result rebuild = site.run(site.drush().rebuildCaches());

            assertThat(rebuild.exit()).isZero();
            assertThat(rebuild.stderr()).contains(" [success] Cache rebuild complete.");
        }
    }

    private static String coreVersion(Path platformRoot) throws Exception {
        return CodebaseScanner.coreVersion(Files.readString(platformRoot.resolve("web/core/lib/Drupal.php")));
    }

    private static CodebaseScan scan(Path platformRoot) throws Exception {
        return CodebaseScannerTests.scanWithTheArchiveCommand(platformRoot);
    }
}
