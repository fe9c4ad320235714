package dev.bosun.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ExamplePlatformsTests {

    @Test
    void copiesAreRemovedWithTheirReadOnlySiteFolders() throws Exception {
        Path platforms = ExamplePlatforms.copy();
        Path copy = platforms.getParent().getParent();
        Path site = Files.createDirectories(platforms.resolve("example-base/web/sites/ro.example.com"));
        Files.writeString(site.resolve("settings.php"), "<?php\n");
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("r-xr-xr-x"));

        ExamplePlatforms.removeCopies();

        assertThat(copy.getFileName().toString()).startsWith("bosun-examples");
        assertThat(copy).doesNotExist();
    }

    @Test
    void atTheJvmsEndCopiesAreRemovedByAProcessOfTheirOwn() throws Exception {
        Path platforms = ExamplePlatforms.copy();
        Path copy = platforms.getParent().getParent();
        Path site = Files.createDirectories(platforms.resolve("example-base/web/sites/ro.example.com"));
        Files.writeString(site.resolve("settings.php"), "<?php\n");
        Files.setPosixFilePermissions(site, PosixFilePermissions.fromString("r-xr-xr-x"));

        ExamplePlatforms.removeCopiesAfterExit();

        await().atMost(Duration.ofMinutes(1)).until(() -> !Files.exists(copy));
    }

    @Test
    void aCopyLeavesOutTheSitesTheDemoInstalledIntoTheExamples() {
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/sites/shop.example.test"))).isTrue();
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/sites/shop.example.test/files/a")))
                .isTrue();
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/sites/default/settings.php")))
                .isFalse();
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/sites/default"))).isFalse();
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/sites/example.sites.php")))
                .isFalse();
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/sites"))).isFalse();
        assertThat(ExamplePlatforms.insideASite(Path.of("platforms/example-base/web/index.php"))).isFalse();

        Path platforms = ExamplePlatforms.copy();
        try {
            assertThat(platforms.resolve("example-base/web/sites/default")).isDirectory();
        } finally {
            ExamplePlatforms.removeCopies();
        }
    }
}
