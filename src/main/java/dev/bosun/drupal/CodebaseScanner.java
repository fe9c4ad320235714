package dev.bosun.drupal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.drupal.CodebaseScan.ScannedLanguage;
import dev.bosun.drupal.CodebaseScan.ScannedPackage;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the archive {@link CodebaseArchive#command} writes and tells what the codebase holds, as
 * Drupal and drush would see it: extensions from {@code *.info.yml} (skipping {@code tests}
 * directories and other sites' directories), {@code version: VERSION} meaning the core version, a
 * missing version taken from composer's {@code installed.json}, the schema version as the highest
 * {@code MODULE_update_N()} in {@code MODULE.install}, languages from translation file names.
 */
public final class CodebaseScanner {

    static final String CORE_PACKAGE = "drupal";

    private static final int MAX_ENTRY_BYTES = 8 * 1024 * 1024;
    private static final Pattern CORE_VERSION = Pattern.compile("const\\s+VERSION\\s*=\\s*['\"]([^'\"]+)['\"]");
    private static final Pattern LANGCODE = Pattern.compile("\\.([a-z]{2,3}(?:[-_][a-zA-Z0-9]+)*)\\.po$");

    private final String docroot;

    /** @param docroot the docroot relative to the platform root, as in the archive ({@code web}) */
    public CodebaseScanner(String docroot) {
        this.docroot = docroot.replaceAll("^/+|/+$", "");
    }

    public CodebaseScan scan(InputStream gzippedTar) throws IOException {
        Files files = read(gzippedTar);
        String coreVersion = coreVersion(files.text.get(docroot + "/core/lib/Drupal.php"));
        ComposerVersions composer = ComposerVersions.parse(files.text.get("vendor/composer/installed.json"));
        List<String> problems = new ArrayList<>();
        List<ScannedPackage> packages = new ArrayList<>(extensions(files, coreVersion, composer, problems));
        if (coreVersion != null) {
            packages.add(0, new ScannedPackage(CORE_PACKAGE, PackageType.CORE, "Drupal core", coreVersion, null,
                    "core", false));
        }
        return new CodebaseScan(coreVersion, packages, languages(files.translations, packages), problems);
    }

    private record Files(Map<String, String> text, List<String> translations) {
    }

    private Files read(InputStream gzippedTar) throws IOException {
        Map<String, String> text = new HashMap<>();
        List<String> translations = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(gzippedTar))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (!entry.isFile() || entry.getSize() > MAX_ENTRY_BYTES) {
                    continue;
                }
                String name = entry.getName().replaceFirst("^\\./", "");
                String content = new String(readAll(tar), StandardCharsets.UTF_8);
                if (name.equals(CodebaseArchive.TRANSLATIONS_LIST)) {
                    content.lines().filter(line -> !line.isBlank()).forEach(translations::add);
                } else {
                    text.put(name, content);
                }
            }
        }
        return new Files(text, translations);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }

    static String coreVersion(String drupalPhp) {
        if (drupalPhp == null) {
            return null;
        }
        Matcher matcher = CORE_VERSION.matcher(drupalPhp);
        return matcher.find() ? matcher.group(1) : null;
    }

    private List<ScannedPackage> extensions(Files files, String coreVersion, ComposerVersions composer,
                                            List<String> problems) {
        Map<String, ScannedPackage> byName = new TreeMap<>();
        for (Map.Entry<String, String> file : new TreeMap<>(files.text).entrySet()) {
            String path = relativeToDocroot(file.getKey());
            if (path != null && path.endsWith(".info.yml") && discoverable(path)) {
                extension(path, file.getValue(), files, coreVersion, composer, problems)
                        .ifPresent(found -> byName.merge(found.name(), found, CodebaseScanner::preferred));
            }
        }
        return byName.values().stream().sorted(Comparator.comparing(ScannedPackage::type)
                .thenComparing(ScannedPackage::name)).toList();
    }

    /** The package an info file declares: none for a theme engine or an unreadable file (reported). */
    private Optional<ScannedPackage> extension(String path, String yaml, Files files, String coreVersion,
                                               ComposerVersions composer, List<String> problems) {
        InfoFile info;
        try {
            info = InfoFile.parse(yaml);
        } catch (YAMLException e) {
            problems.add("Skipped " + docroot + "/" + path + ": not valid YAML ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
            return Optional.empty();
        }
        if (info.packageType() == null) {
            return Optional.empty();
        }
        String name = baseName(path, ".info.yml");
        String dir = parent(path);
        String version = info.version(coreVersion);
        if (version == null) {
            version = composer.versionOf(docroot + "/" + dir);
        }
        Integer schema = schemaVersion(files.text.get(docroot + "/" + dir + "/" + name + ".install"), name);
        return Optional.of(new ScannedPackage(name, info.packageType(), info.title(name), version, schema, dir,
                info.hidden()));
    }

    /** As in Drupal, an extension outside core overrides the core one of the same name. */
    private static ScannedPackage preferred(ScannedPackage first, ScannedPackage second) {
        boolean firstCore = first.path().startsWith("core/");
        boolean secondCore = second.path().startsWith("core/");
        if (firstCore != secondCore) {
            return firstCore ? second : first;
        }
        return first.path().compareTo(second.path()) <= 0 ? first : second;
    }

    /** Drupal's discovery skips "tests" directories and the directories of single sites (all but sites/all). */
    static boolean discoverable(String path) {
        List<String> segments = List.of(path.split("/"));
        if (segments.contains("tests") || segments.contains("node_modules") || segments.contains("vendor")) {
            return false;
        }
        return !(segments.size() > 2 && segments.get(0).equals("sites") && !segments.get(1).equals("all"));
    }

    /** The highest N of the {@code MODULE_update_N()} functions in MODULE.install; null without any. */
    static Integer schemaVersion(String installFile, String module) {
        if (installFile == null) {
            return null;
        }
        Matcher matcher = Pattern.compile("function\\s+" + Pattern.quote(module) + "_update_(\\d+)\\s*\\(")
                .matcher(installFile);
        Integer highest = null;
        while (matcher.find()) {
            int number = Integer.parseInt(matcher.group(1));
            highest = highest == null ? number : Math.max(highest, number);
        }
        return highest;
    }

    /**
     * A translation file offers its language (the code before {@code .po}) to the profile whose
     * {@code translations/} directory holds it, or to every profile.
     */
    private List<ScannedLanguage> languages(List<String> translationFiles, List<ScannedPackage> packages) {
        Map<String, String> profileDirs = new HashMap<>();
        packages.stream().filter(p -> p.type() == PackageType.PROFILE).forEach(p -> profileDirs.put(p.path(), p.name()));
        Set<ScannedLanguage> languages = new LinkedHashSet<>();
        languages.add(new ScannedLanguage(ScannedLanguage.ALL_PROFILES, "en"));
        for (String file : translationFiles) {
            String path = relativeToDocroot(file);
            Matcher matcher = LANGCODE.matcher(file);
            if (path == null || !matcher.find()) {
                continue;
            }
            String dir = parent(path);
            String profile = dir.endsWith("/translations") ? profileDirs.get(parent(dir)) : null;
            languages.add(new ScannedLanguage(profile == null ? ScannedLanguage.ALL_PROFILES : profile,
                    matcher.group(1).toLowerCase().replace('_', '-')));
        }
        return languages.stream().sorted(Comparator.comparing(ScannedLanguage::profile)
                .thenComparing(ScannedLanguage::langcode)).toList();
    }

    private String relativeToDocroot(String archivePath) {
        String prefix = docroot + "/";
        String path = archivePath.replaceFirst("^\\./", "");
        return path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    private static String baseName(String path, String suffix) {
        String file = path.substring(path.lastIndexOf('/') + 1);
        return file.substring(0, file.length() - suffix.length());
    }
}
