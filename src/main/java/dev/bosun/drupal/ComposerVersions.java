package dev.bosun.drupal;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Versions from composer's {@code vendor/composer/installed.json} (composer 2: {@code {"packages": […]}},
 * composer 1: a bare array), by install path relative to the platform root.
 */
final class ComposerVersions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, String> byPath;

    private ComposerVersions(Map<String, String> byPath) {
        this.byPath = byPath;
    }

    static ComposerVersions parse(String installedJson) {
        Map<String, String> byPath = new LinkedHashMap<>();
        if (installedJson != null) {
            try {
                JsonNode root = JSON.readTree(installedJson);
                JsonNode packages = root.isArray() ? root : root.path("packages");
                for (JsonNode pkg : packages) {
                    String path = normalize(pkg.path("install-path").asString(""));
                    String version = pkg.path("version").asString("");
                    if (!path.isEmpty() && !version.isEmpty()) {
                        byPath.put(path, version);
                    }
                }
            } catch (JacksonException e) {
                // an unreadable installed.json only means no composer versions
            }
        }
        return new ComposerVersions(byPath);
    }

    /** "../../web/modules/contrib/x" (relative to vendor/composer) becomes "web/modules/contrib/x". */
    private static String normalize(String installPath) {
        String path = installPath.replace('\\', '/');
        if (path.startsWith("../../")) {
            return path.substring("../../".length()).replaceAll("/+$", "");
        }
        if (path.startsWith("../")) {
            return "vendor/" + path.substring("../".length()).replaceAll("/+$", "");
        }
        return path.replaceAll("/+$", "");
    }

    /** The version of the composer package installed at this directory (relative to the platform root), or null. */
    String versionOf(String directory) {
        return byPath.get(directory);
    }
}
