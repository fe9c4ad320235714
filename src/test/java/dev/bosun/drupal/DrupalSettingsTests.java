package dev.bosun.drupal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bosun.test.ExampleSite;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrupalSettingsTests {

    static final String NASTY = "pa'ss\\word$x\"';system('id');//";

    final SiteLayout layout = new SiteLayout("/var/aegir/platforms/d10/web", "www.example.com");
    final String salt = DrupalSettings.hashSalt("key".getBytes(StandardCharsets.UTF_8), "www.example.com");

    @Test
    @RequiresProgram("php")
    void phpReadsBackExactlyTheValuesWritten(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("settings.php");
        Files.writeString(settings, new DrupalSettings(layout, SiteDatabase.mysql("db.internal", 3306, "www_example_com",
                "www_example_com", NASTY), salt, List.of("www.example.com", "example.com")).render());

        ExampleSite.Result result = ExampleSite.run(List.of("php", "-r", "$app_root = '/r'; $site_path = 's'; include '"
                + settings + "'; echo json_encode(['db' => $databases['default']['default'], 'settings' => $settings],"
                + " JSON_UNESCAPED_SLASHES);"));

        assertThat(result.exit()).as(result.stderr()).isZero();
        assertThat(result.stdout()).contains("\"password\":\"pa'ss\\\\word$x\\\"';system('id');//\"")
                .contains("\"namespace\":\"Drupal\\\\mysql\\\\Driver\\\\Database\\\\mysql\"")
                .contains("\"isolation_level\":\"READ COMMITTED\"")
                .contains("\"trusted_host_patterns\":[\"^www\\\\.example\\\\.com$\",\"^example\\\\.com$\"]")
                .contains("\"file_public_path\":\"sites/www.example.com/files\"")
                .contains("\"file_private_path\":\"sites/www.example.com/private/files\"")
                .contains("\"config_sync_directory\":\"sites/www.example.com/private/config/sync\"")
                .contains("\"hash_salt\":\"" + salt + "\"")
                .doesNotContain("uid=");
    }

    @Test
    void postgresqlSettingsHaveNoIsolationLevel() {
        String text = new DrupalSettings(layout, SiteDatabase.pgsql("127.0.0.1", 5432, "d", "u", "p"), salt,
                List.of("www.example.com")).render();

        assertThat(text).contains("'driver' => 'pgsql'").contains("'port' => '5432'")
                .contains("'namespace' => 'Drupal\\\\pgsql\\\\Driver\\\\Database\\\\pgsql'")
                .doesNotContain("isolation_level").doesNotContain("{{");
    }

    @Test
    void theHashSaltIsStableForADomainAndDiffersBetweenDomains() {
        byte[] key = "key".getBytes(StandardCharsets.UTF_8);

        assertThat(DrupalSettings.hashSalt(key, "www.example.com")).isEqualTo(salt).hasSize(74);
        assertThat(DrupalSettings.hashSalt(key, "other.example.com")).isNotEqualTo(salt);
        assertThat(DrupalSettings.hashSalt("other".getBytes(StandardCharsets.UTF_8), "www.example.com")).isNotEqualTo(salt);
    }

    @Test
    void theSettingsNeverShowThePasswordWhenPrinted() {
        assertThat(new DrupalSettings(layout, SiteDatabase.mysql("h", 3306, "d", "u", NASTY), salt, List.of())
                .toString()).doesNotContain(NASTY);
    }

    @Test
    void hostnamesMustBeDomains() {
        assertThatThrownBy(() -> new DrupalSettings(layout, SiteDatabase.mysql("h", 3306, "d", "u", "p"), salt,
                List.of("evil.com$|.*"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLayoutFollowsAegir() {
        assertThat(layout.createDirectoriesCommand()).containsExactly("mkdir", "-p",
                "/var/aegir/platforms/d10/web/sites/www.example.com",
                "/var/aegir/platforms/d10/web/sites/www.example.com/files",
                "/var/aegir/platforms/d10/web/sites/www.example.com/private/files",
                "/var/aegir/platforms/d10/web/sites/www.example.com/private/temp",
                "/var/aegir/platforms/d10/web/sites/www.example.com/private/config/sync");
        assertThat(layout.removeCommand()).containsExactly("rm", "-rf", "--",
                "/var/aegir/platforms/d10/web/sites/www.example.com");
        assertThatThrownBy(() -> new SiteLayout("/var/www/web", "../etc")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDrushAliasHasNoDotsInItsNameAndNamesTheRemoteHost() {
        assertThat(DrushAlias.fileName("www.example.com")).isEqualTo("www_example_com.site.yml");
        assertThat(DrushAlias.alias("www.example.com")).isEqualTo("@www_example_com.live");
        assertThat(DrushAlias.render("www.example.com", "https://www.example.com", "/srv/d10/web",
                "/srv/d10/vendor/bin/drush", "web1.example.net", "aegir", 2222)).isEqualTo("""
                # Drush alias of www.example.com, written by Bosun: drush @www_example_com.live status
                live:
                  root: '/srv/d10/web'
                  uri: 'https://www.example.com'
                  host: 'web1.example.net'
                  user: 'aegir'
                  ssh:
                    options: '-p 2222'
                  paths:
                    drush-script: '/srv/d10/vendor/bin/drush'
                """);
    }
}
