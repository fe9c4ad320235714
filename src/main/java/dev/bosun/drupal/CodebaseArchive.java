package dev.bosun.drupal;

import java.util.List;

/**
 * The one remote command that reads a platform's metadata in a single round trip: it checks the
 * platform directory, docroot, core and drush, then writes to stdout a gzipped tar of every
 * {@code *.info.yml} and {@code *.install} (outside {@code tests} and site directories), the core
 * version file {@code core/lib/Drupal.php}, {@code vendor/composer/installed.json} and a list of the
 * translation files ({@value #TRANSLATIONS_LIST}), whose contents are not needed. Paths inside the
 * archive are relative to the platform root.
 */
public final class CodebaseArchive {

    public static final String TRANSLATIONS_LIST = "bosun-translations.list";

    static final String SCRIPT = """
            root=$1 docroot=$2 drush=$3
            [ -d "$root" ] || { echo "no directory $root" >&2; exit 3; }
            cd "$root" || exit 3
            [ -d "$docroot" ] || { echo "no directory $root/$docroot" >&2; exit 4; }
            [ -f "$docroot/core/lib/Drupal.php" ] || { echo "no file $root/$docroot/core/lib/Drupal.php" >&2; exit 5; }
            [ -x "$drush" ] || { echo "no executable $drush in $root" >&2; exit 6; }
            work=$(mktemp -d) || exit 7
            trap 'rm -rf "$work"' EXIT
            find "$docroot" \\( -name tests -o -name node_modules -o -name vendor -o -name .git \
              -o -path "$docroot/sites/*/files" ! -path "$docroot/sites/default/files" -o -path "$docroot/sites/*/private" \\) \
              -prune -o -type f -name '*.po' -print > "$work/%1$s" || exit 8
            { find "$docroot" \\( -name tests -o -name node_modules -o -name vendor -o -name .git \
                -o -path "$docroot/sites/*" ! -path "$docroot/sites/all" \\) \
                -prune -o -type f \\( -name '*.info.yml' -o -name '*.install' \\) -print0
              printf '%%s\\0' "$docroot/core/lib/Drupal.php"
              if [ -f vendor/composer/installed.json ]; then printf '%%s\\0' vendor/composer/installed.json; fi
            } > "$work/files" || exit 8
            tar -czf - --null -T "$work/files" -C "$work" %1$s
            """.formatted(TRANSLATIONS_LIST);

    private CodebaseArchive() {
    }

    /**
     * The command as an argument list: {@code sh -c SCRIPT bosun-scan ROOT DOCROOT DRUSH}. The values
     * travel as positional parameters, so nothing of them is ever parsed by the shell.
     */
    public static List<String> command(String rootPath, String docroot, String drushPath) {
        return List.of("sh", "-c", SCRIPT, "bosun-scan", rootPath, docroot, drushPath);
    }

    /** What a non-zero exit of {@link #command} means, in words for the task log. */
    public static String explainFailure(int exitCode, String rootPath, String docroot, String drushPath) {
        return switch (exitCode) {
            case 3 -> "The platform directory " + rootPath + " does not exist on the server.";
            case 4 -> "The docroot " + join(rootPath, docroot) + " does not exist; check the platform's docroot setting.";
            case 5 -> "No Drupal core: " + join(rootPath, docroot) + "/core/lib/Drupal.php is missing.";
            case 6 -> "No drush: " + join(rootPath, drushPath) + " is missing or not executable"
                    + " (run composer require drush/drush in the platform).";
            case 7, 8 -> "Could not list the platform's files (temporary directory or find failed) under " + rootPath + ".";
            default -> "Reading the platform's files under " + rootPath + " failed (exit " + exitCode + ").";
        };
    }

    static String join(String rootPath, String relative) {
        if (relative.startsWith("/")) {
            return relative;
        }
        return rootPath.endsWith("/") ? rootPath + relative : rootPath + "/" + relative;
    }
}
