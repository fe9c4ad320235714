package dev.bosun.drupal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class DrushOutputTests {

    @Test
    void statusOfAnInstalledSite() {
        DrushStatus status = DrushOutput.status("""
                {"drupal-version": "10.3.6", "uri": "https://example.com", "db-driver": "mysql", "db-name": "drupal",
                 "install-profile": "standard", "db-status": "Connected", "bootstrap": "Successful",
                 "site": "sites/example.com", "files": "sites/example.com/files"}""");

        assertThat(status.installed()).isTrue();
        assertThat(status.drupalVersion()).isEqualTo("10.3.6");
        assertThat(status.installProfile()).isEqualTo("standard");
    }

    @Test
    void phpIsMissingWhenEnvCannotFindItForDrushsFirstLine() {
        assertThat(DrushOutput.phpMissing(127, "/usr/bin/env: 'php': No such file or directory")).isTrue();
        assertThat(DrushOutput.phpMissing(127, "/usr/bin/env: \u2018php\u2019: No such file or directory")).isTrue();
        assertThat(DrushOutput.phpMissing(127, "env: can't execute 'php': No such file or directory")).isTrue();
        assertThat(DrushOutput.phpMissing(127, "env: php: No such file or directory")).isTrue();
        assertThat(DrushOutput.phpMissing(127, "sh: 1: php8.2: not found")).isTrue();
    }

    @Test
    void otherFailuresAreNotMissingPhp() {
        assertThat(DrushOutput.phpMissing(1, "/usr/bin/env: 'php': No such file or directory"))
                .as("env exits 127 when it cannot find the program").isFalse();
        assertThat(DrushOutput.phpMissing(127, "drush: not found")).isFalse();
        assertThat(DrushOutput.phpMissing(127, "PHP is not installed")).isFalse();
        assertThat(DrushOutput.phpMissing(127, "/srv/web/vendor/bin/drush.php: No such file or directory")).isFalse();
        assertThat(DrushOutput.phpMissing(255, "PHP Fatal error:  Uncaught Error")).isFalse();
    }

    @Test
    void statusOfAnUninstalledSiteLacksTheDatabaseKeys() {
        assertThat(DrushOutput.status("{\"drupal-version\": \"10.3.6\"}").installed()).isFalse();
    }

    @Test
    void schemaVersionsAcceptAnEmptyResultPrintedAsAList() {
        assertThat(DrushOutput.schemaVersions("{\"system\":10400,\"node\":10100}"))
                .containsExactly(Map.entry("system", 10400), Map.entry("node", 10100));
        assertThat(DrushOutput.schemaVersions("[]")).isEmpty();
        assertThatThrownBy(() -> DrushOutput.schemaVersions("PHP Fatal error: oops"))
                .isInstanceOf(DrushOutputException.class).hasMessageContaining("PHP Fatal error");
    }

    @Test
    void noPendingUpdatesIsNoOutputAtAll() {
        assertThat(DrushOutput.pendingUpdates("")).isEmpty();
        assertThat(DrushOutput.pendingUpdates("""
                {"system_update_10400": {"module": "system", "update_id": 10400, "description": "10400 - Remove foo.", "type": "hook_update_n"},
                 "node-post-rebuild_perms": {"module": "node", "update_id": "rebuild_perms", "description": "Rebuild perms.", "type": "post-update"}}"""))
                .extracting(PendingUpdate::id, PendingUpdate::updateId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("system_update_10400", "10400"),
                        org.assertj.core.groups.Tuple.tuple("node-post-rebuild_perms", "rebuild_perms"));
    }

    @Test
    void theLoginLinkIsTheLastLineThatIsOne() {
        assertThat(DrushOutput.loginUrl("""
                 [notice] Something first
                https://example.com/user/reset/1/1718000000/AbC-_x9/login
                """).toString()).isEqualTo("https://example.com/user/reset/1/1718000000/AbC-_x9/login");
        assertThatThrownBy(() -> DrushOutput.loginUrl("https://example.com/"))
                .isInstanceOf(DrushOutputException.class).hasMessageContaining("no one-time login link");
    }

    @Test
    void theGeneratedAdministratorPasswordIsFoundToBeHidden() {
        assertThat(DrushOutput.generatedPassword(" [success] Installation complete.  User name: admin  User password: Xy7-abc\n"))
                .contains("Xy7-abc");
        assertThat(DrushOutput.generatedPassword(" [success] Installation complete.")).isEmpty();
    }

    @Test
    void installedPackagesCombinePmListSchemasAndCore() {
        List<DrushExtension> extensions = List.of(
                new DrushExtension("node", PackageType.MODULE, "Node (node)", "core/modules/node", true, "10.3.6"),
                new DrushExtension("olivero", PackageType.THEME, "Olivero (olivero)", "core/themes/olivero", true, "10.3.6"),
                new DrushExtension("ban", PackageType.MODULE, "Ban (ban)", "core/modules/ban", false, "10.3.6"));

        assertThat(InstalledExtension.combine(extensions, Map.of("node", 10101, "olivero", 1), "10.3.6")).containsExactly(
                new InstalledExtension("drupal", PackageType.CORE, "10.3.6", null, true),
                new InstalledExtension("node", PackageType.MODULE, "10.3.6", 10101, true),
                new InstalledExtension("olivero", PackageType.THEME, "10.3.6", null, true),
                new InstalledExtension("ban", PackageType.MODULE, "10.3.6", null, false));
    }
}
