package dev.bosun.drupal;

import java.util.List;
import java.util.Optional;

/**
 * What a platform's codebase holds: the core version (null when {@code core/lib/Drupal.php} was not
 * found), its packages, the languages it has translations for, and the files that could not be read.
 */
public record CodebaseScan(String coreVersion, List<ScannedPackage> packages, List<ScannedLanguage> languages,
                           List<String> problems) {

    public CodebaseScan {
        packages = List.copyOf(packages);
        languages = List.copyOf(languages);
        problems = List.copyOf(problems);
    }

    public List<ScannedPackage> ofType(PackageType type) {
        return packages.stream().filter(p -> p.type() == type).toList();
    }

    public Optional<ScannedPackage> find(String name, PackageType type) {
        return packages.stream().filter(p -> p.name().equals(name) && p.type() == type).findFirst();
    }

    /** One package: release version from info.yml (or composer), schema = highest hook_update_N, path from the docroot. */
    public record ScannedPackage(String name, PackageType type, String title, String version, Integer schemaVersion,
                                 String path, boolean hidden) {
    }

    /** A language offered for one install profile, or for all ({@link #ALL_PROFILES}). */
    public record ScannedLanguage(String profile, String langcode) {

        public static final String ALL_PROFILES = "*";
    }
}
