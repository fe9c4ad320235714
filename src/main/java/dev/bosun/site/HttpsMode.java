package dev.bosun.site;

/**
 * A site's HTTPS: off (plain HTTP), on (HTTP and HTTPS both serve the site) or required (plain HTTP redirects
 * to HTTPS, ACME challenges excepted).
 */
public enum HttpsMode {
    OFF, ON, REQUIRED;

    public boolean enabled() {
        return this != OFF;
    }
}
