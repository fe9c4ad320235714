package dev.bosun.drupal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.drupal.CodebaseScan.ScannedPackage;
import dev.bosun.test.ExamplePlatforms;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class CodebaseScannerTests {

    static final List<String> PLATFORMS = ExamplePlatforms.NAMES;

    @ParameterizedTest
    @FieldSource("PLATFORMS")
    void scanningAnExamplePlatformYieldsWhatItsFilesDeclare(String name) throws Exception {
        Path root = ExamplePlatforms.source(name);
        CodebaseScan scan = scanWithTheArchiveCommand(root);

        Expected expected = Expected.readFrom(root.resolve("web"), root.resolve("vendor/composer/installed.json"));
        assertThat(scan.coreVersion()).isEqualTo(expected.coreVersion);
        assertThat(scan.packages()).extracting(p -> p.type().code() + ":" + p.name() + " " + p.version() + " " + p.schemaVersion())
                .containsExactlyInAnyOrderElementsOf(expected.packages);
        assertThat(scan.languages()).extracting(l -> l.profile() + ":" + l.langcode())
                .containsExactlyInAnyOrderElementsOf(expected.languages);
        assertThat(scan.problems()).isEmpty();
    }

    @Test
    void newerPlatformHasHigherVersionsAndOneMoreUpdateThanTheBase() throws Exception {
        CodebaseScan base = scanWithTheArchiveCommand(ExamplePlatforms.source("example-base"));
        CodebaseScan newer = scanWithTheArchiveCommand(ExamplePlatforms.source("example-newer"));

        assertThat(newer.coreVersion()).isNotEqualTo(base.coreVersion());
        ScannedPackage baseDemo = base.find("bosun_demo", PackageType.MODULE).orElseThrow();
        ScannedPackage newerDemo = newer.find("bosun_demo", PackageType.MODULE).orElseThrow();
        assertThat(newerDemo.schemaVersion()).isGreaterThan(baseDemo.schemaVersion());
    }

    @Test
    void testModulesAndSingleSiteDirectoriesAreNotPlatformPackages() throws Exception {
        CodebaseScan scan = scanWithTheArchiveCommand(ExamplePlatforms.source("example-base"));

        assertThat(Files.exists(ExamplePlatforms.source("example-base")
                .resolve("web/core/modules/system/tests/modules/system_test/system_test.info.yml"))).isTrue();
        assertThat(scan.find("system_test", PackageType.MODULE)).isEmpty();
        assertThat(CodebaseScanner.discoverable("sites/example.com/modules/x/x.info.yml")).isFalse();
        assertThat(CodebaseScanner.discoverable("sites/all/modules/x/x.info.yml")).isTrue();
    }

    @Test
    void hiddenProfilesAreMarkedHidden() throws Exception {
        CodebaseScan scan = scanWithTheArchiveCommand(ExamplePlatforms.source("example-base"));

        assertThat(scan.find("testing", PackageType.PROFILE)).get().extracting(ScannedPackage::hidden).isEqualTo(true);
        assertThat(scan.find("standard", PackageType.PROFILE)).get().extracting(ScannedPackage::hidden).isEqualTo(false);
    }

    @Test
    void aContribExtensionOverridesTheCoreOneOfTheSameName() throws Exception {
        CodebaseScan scan = new CodebaseScanner("web").scan(tar(Map.of(
                "web/core/lib/Drupal.php", "<?php class Drupal { const VERSION = '11.1.0'; }",
                "web/core/modules/views/views.info.yml", "name: Views\ntype: module\nversion: VERSION\n",
                "web/modules/contrib/views/views.info.yml", "name: Views\ntype: module\nversion: '8.x-3.10'\n")));

        assertThat(scan.find("views", PackageType.MODULE)).get()
                .extracting(ScannedPackage::path, ScannedPackage::version)
                .containsExactly("modules/contrib/views", "8.x-3.10");
    }

    @Test
    void versionsStayTextEvenWhenTheyLookLikeNumbers() throws Exception {
        CodebaseScan scan = new CodebaseScanner("web").scan(tar(Map.of(
                "web/core/lib/Drupal.php", "<?php class Drupal { const VERSION = '10.3.6'; }",
                "web/modules/x/x.info.yml", "name: X\ntype: module\nversion: 3.10\n")));

        assertThat(scan.find("x", PackageType.MODULE)).get().extracting(ScannedPackage::version).isEqualTo("3.10");
    }

    @Test
    void anUnreadableInfoFileIsReportedAndSkipped() throws Exception {
        CodebaseScan scan = new CodebaseScanner("web").scan(tar(Map.of(
                "web/core/lib/Drupal.php", "<?php class Drupal { const VERSION = '10.3.6'; }",
                "web/modules/bad/bad.info.yml", "name: [unclosed\ntype: module\n",
                "web/modules/good/good.info.yml", "name: Good\ntype: module\n")));

        assertThat(scan.find("good", PackageType.MODULE)).isPresent();
        assertThat(scan.find("bad", PackageType.MODULE)).isEmpty();
        assertThat(scan.problems()).singleElement().asString().contains("web/modules/bad/bad.info.yml");
    }

    @Test
    void withoutTheCoreVersionFileThereIsNoCoreVersionNorCorePackage() throws Exception {
        CodebaseScan scan = new CodebaseScanner("web").scan(tar(Map.of(
                "web/modules/x/x.info.yml", "name: X\ntype: module\n")));

        assertThat(scan.coreVersion()).isNull();
        assertThat(scan.ofType(PackageType.CORE)).isEmpty();
    }

    @Test
    void theSchemaVersionIsTheHighestUpdateOfThatModuleOnly() {
        String install = """
                <?php
                function mymod_update_10002(&$sandbox) {}
                function mymod_update_10010(&$sandbox) {}
                function mymod_update_last_removed() { return 9001; }
                function othermod_update_11000() {}
                """;

        assertThat(CodebaseScanner.schemaVersion(install, "mymod")).isEqualTo(10010);
        assertThat(CodebaseScanner.schemaVersion("<?php function mymod_install() {}", "mymod")).isNull();
    }

    static CodebaseScan scanWithTheArchiveCommand(Path root) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(CodebaseArchive.command(root.toString(), "web", "vendor/bin/drush"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] archive;
        try (InputStream stdout = process.getInputStream()) {
            archive = stdout.readAllBytes();
        }
        assertThat(process.waitFor()).as("exit code of the archive command").isZero();
        return new CodebaseScanner("web").scan(new ByteArrayInputStream(archive));
    }

    static InputStream tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                byte[] content = file.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(file.getKey());
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    /** What the files of a platform declare, read here with plain line matching, independently of the scanner. */
    record Expected(String coreVersion, Set<String> packages, Set<String> languages) {

        static Expected readFrom(Path docroot, Path installedJson) throws IOException {
            String core = find(Files.readString(docroot.resolve("core/lib/Drupal.php")), "const VERSION = '([^']+)'");
            Map<String, String> composer = composerVersions(docroot.getParent(), installedJson);
            Set<String> packages = new TreeSet<>();
            packages.add("core:drupal " + core + " null");
            Map<String, Path> profiles = new HashMap<>();
            for (Path info : infoFiles(docroot)) {
                String text = Files.readString(info);
                String type = find(text, "(?m)^type: (\\S+)");
                String name = info.getFileName().toString().replace(".info.yml", "");
                String version = find(text, "(?m)^version: '?([^'\\s]+)'?");
                version = "VERSION".equals(version) ? core : version != null ? version
                        : composer.get(info.getParent().toString());
                packages.add(type + ":" + name + " " + version + " " + highestUpdate(info.resolveSibling(name + ".install"), name));
                if (type.equals("profile")) {
                    profiles.put(info.getParent().resolve("translations").toString(), info);
                }
            }
            return new Expected(core, packages, languages(docroot, profiles));
        }

        private static List<Path> infoFiles(Path docroot) throws IOException {
            try (Stream<Path> paths = Files.walk(docroot)) {
                return paths.filter(p -> p.toString().endsWith(".info.yml"))
                        .filter(p -> !docroot.relativize(p).toString().contains("tests/"))
                        .toList();
            }
        }

        private static Integer highestUpdate(Path install, String module) throws IOException {
            if (!Files.exists(install)) {
                return null;
            }
            Matcher m = Pattern.compile("function " + module + "_update_(\\d+)\\(").matcher(Files.readString(install));
            List<Integer> numbers = new ArrayList<>();
            while (m.find()) {
                numbers.add(Integer.valueOf(m.group(1)));
            }
            return numbers.stream().max(Integer::compare).orElse(null);
        }

        private static Map<String, String> composerVersions(Path root, Path installedJson) throws IOException {
            Map<String, String> versions = new LinkedHashMap<>();
            Matcher m = Pattern.compile("\"version\": \"([^\"]+)\", \"type\": \"[^\"]+\", \"install-path\": \"\\.\\./\\.\\./([^\"]+)\"")
                    .matcher(Files.readString(installedJson));
            while (m.find()) {
                versions.put(root.resolve(m.group(2)).toString(), m.group(1));
            }
            return versions;
        }

        private static Set<String> languages(Path docroot, Map<String, Path> profileTranslationDirs) throws IOException {
            Set<String> languages = new TreeSet<>(Set.of("*:en"));
            try (Stream<Path> paths = Files.walk(docroot)) {
                for (Path po : paths.filter(p -> p.toString().endsWith(".po")).toList()) {
                    String file = po.getFileName().toString();
                    String langcode = file.substring(file.lastIndexOf('.', file.length() - 4) + 1, file.length() - 3);
                    Path profile = profileTranslationDirs.get(po.getParent().toString());
                    String owner = profile == null ? "*" : profile.getFileName().toString().replace(".info.yml", "");
                    languages.add(owner + ":" + langcode);
                }
            }
            return languages.stream().collect(Collectors.toCollection(TreeSet::new));
        }

        private static String find(String text, String regex) {
            Matcher m = Pattern.compile(regex).matcher(text);
            return m.find() ? m.group(1) : null;
        }
    }
}
