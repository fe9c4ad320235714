package dev.bosun.drupal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A package on a site as Bosun records it: from pm:list (version, enabled), the installed schema
 * version (null for themes and for what is not installed) and core from core:status.
 */
public record InstalledExtension(String name, PackageType type, String version, Integer schemaVersion,
                                 boolean enabled) {

    /** Combines pm:list, the schema versions and the core version into what is installed on a site. */
    public static List<InstalledExtension> combine(List<DrushExtension> extensions, Map<String, Integer> schemas,
                                                   String coreVersion) {
        List<InstalledExtension> installed = new ArrayList<>();
        if (coreVersion != null) {
            installed.add(new InstalledExtension(CodebaseScanner.CORE_PACKAGE, PackageType.CORE, coreVersion, null, true));
        }
        for (DrushExtension extension : extensions) {
            Integer schema = extension.type() == PackageType.THEME ? null : schemas.get(extension.name());
            installed.add(new InstalledExtension(extension.name(), extension.type(), extension.version(), schema,
                    extension.enabled()));
        }
        return installed;
    }
}
