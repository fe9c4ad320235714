package dev.bosun.site;

import java.util.Map;

/**
 * A platform as the target of "Migrate all sites": how many of the source platform's enabled sites
 * can move there, and why the others cannot (reason → number of sites).
 */
public record FleetTarget(long platformId, String name, String coreVersion, int movable, int total,
                          Map<String, Integer> blocked) {

    public boolean selectable() {
        return movable > 0;
    }
}
