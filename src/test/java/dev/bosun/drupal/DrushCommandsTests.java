package dev.bosun.drupal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class DrushCommandsTests {

    static final String DRUSH = "/var/aegir/platforms/d10/vendor/bin/drush";
    static final String ROOT = "/var/aegir/platforms/d10/web";

    final DrushCommands site = DrushCommands.forSite(DRUSH, ROOT, "https://www.example.com");

    @Test
    void everySiteCallNamesTheDocrootAndTheSite() {
        for (DrushCommand command : List.of(site.status(), site.packages(), site.schemaVersions(), site.updateDatabase(),
                site.pendingUpdates(), site.loginLink(), site.maintenanceMode(true), site.rebuildCaches(),
                site.rewriteFilePaths("a.example.com", "b.example.com"), site.siteInstall("www.example.com", install()))) {
            assertThat(command.args()).startsWith(DRUSH, "--root=" + ROOT, "--uri=https://www.example.com");
        }
    }

    @Test
    void siteInstallTakesNoDatabaseUrlNorPassword() {
        assertThat(site.siteInstall("www.example.com", install()).args()).containsExactly(DRUSH, "--root=" + ROOT,
                "--uri=https://www.example.com", "site:install", "standard", "--yes", "--sites-subdir=www.example.com",
                "--locale=de", "--site-name=Example & Co's site", "--site-mail=site@example.com",
                "--account-name=admin", "--account-mail=owner@example.com");
    }

    @Test
    void parsedCallsAskForJsonAndChangingCallsForYes() {
        assertThat(site.status().args()).contains("core:status", "--format=json")
                .anyMatch(arg -> arg.startsWith("--fields=") && !arg.contains("password") && !arg.contains("username"));
        assertThat(site.packages().args()).endsWith("pm:list", "--type=module,theme,profile", "--format=json");
        assertThat(site.pendingUpdates().args()).endsWith("updatedb:status", "--format=json");
        assertThat(site.updateDatabase().args()).endsWith("updatedb", "--yes");
        assertThat(site.loginLink().args()).endsWith("user:login", "--uid=1", "--no-browser");
        assertThat(site.maintenanceMode(false).args()).endsWith("state:set", "system.maintenance_mode", "0",
                "--input-format=integer");
    }

    @Test
    void platformCallsNameNoSite() {
        assertThat(DrushCommands.forPlatform(DRUSH, ROOT).status().args()).doesNotContain("--uri=")
                .noneMatch(arg -> arg.startsWith("--uri"));
    }

    @Test
    void valuesThatCouldChangeACommandAreRefused() {
        assertThatThrownBy(() -> DrushCommands.forSite(DRUSH, ROOT, "https://example.com; rm -rf /"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri");
        assertThatThrownBy(() -> DrushCommands.forSite(DRUSH, "/var/../etc", "https://example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("docroot");
        assertThatThrownBy(() -> site.siteInstall("www.example.com",
                new SiteInstallOptions("standard --db-url=x", "en", "n", "a@b", "admin", "a@b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("profile");
        assertThatThrownBy(() -> site.siteInstall("www.example.com",
                new SiteInstallOptions("standard", "en", "line\nbreak", "a@b", "admin", "a@b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("site name");
        assertThatThrownBy(() -> site.rewriteFilePaths("a.example.com", "b'; DROP TABLE users; --"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domain");
    }

    @Test
    void fileRewriteTouchesOnlyPathsUnderTheOldSiteDirectory() {
        assertThat(site.rewriteFilePaths("old.example.com", "new.example.com").args()).last().isEqualTo(
                "UPDATE file_managed SET uri = REPLACE(uri, 'sites/old.example.com/files/', 'sites/new.example.com/files/')"
                        + " WHERE uri LIKE 'sites/old.example.com/files/%'");
    }

    private static SiteInstallOptions install() {
        return new SiteInstallOptions("standard", "de", "Example & Co's site", "site@example.com", "admin",
                "owner@example.com");
    }
}
