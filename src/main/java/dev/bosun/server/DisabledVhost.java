package dev.bosun.server;

import java.util.List;

/**
 * The vhost of a disabled site: its web server answers every request to its names itself with a static
 * "Site disabled" page (no redirect to the panel, which visitors need not reach).
 */
public record DisabledVhost(String domain, List<String> aliases) {

    public DisabledVhost {
        aliases = List.copyOf(aliases);
    }
}
