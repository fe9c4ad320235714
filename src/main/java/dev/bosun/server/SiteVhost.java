package dev.bosun.server;

import java.util.List;

/**
 * A site's vhost: its domain, the aliases it also answers to, the aliases that redirect to the domain,
 * the platform's docroot on the web server, and its TLS (null: plain HTTP only).
 */
public record SiteVhost(String domain, List<String> aliases, List<String> redirects, String docroot, Tls tls) {

    public SiteVhost {
        aliases = List.copyOf(aliases);
        redirects = List.copyOf(redirects);
    }

    public SiteVhost(String domain, List<String> aliases, List<String> redirects, String docroot) {
        this(domain, aliases, redirects, docroot, null);
    }

    /**
     * HTTPS with the certificate installed for the domain ({@link HttpDriver#installCertificate}): {@code required}
     * sends plain HTTP to HTTPS (ACME challenges excepted), {@code hsts} adds Strict-Transport-Security.
     */
    public record Tls(boolean required, boolean hsts) {
    }
}
