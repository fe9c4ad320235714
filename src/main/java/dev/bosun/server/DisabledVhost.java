package dev.bosun.server;

import java.util.List;

/**
 * The vhost of a disabled site: its web server answers every request to its names itself with a static
 * "Site disabled" page (no redirect to the panel, which visitors need not reach), over HTTPS too when
 * {@code tls} (the site's certificate installed).
 */
public record DisabledVhost(String domain, List<String> aliases, boolean tls) {

    public DisabledVhost {
        aliases = List.copyOf(aliases);
    }

    public DisabledVhost(String domain, List<String> aliases) {
        this(domain, aliases, false);
    }
}
