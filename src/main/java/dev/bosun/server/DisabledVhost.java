package dev.bosun.server;

import java.util.List;

/** The vhost of a disabled site: every request to its names goes to {@code redirectUrl} (the panel's disabled page). */
public record DisabledVhost(String domain, List<String> aliases, String redirectUrl) {

    public DisabledVhost {
        aliases = List.copyOf(aliases);
    }
}
