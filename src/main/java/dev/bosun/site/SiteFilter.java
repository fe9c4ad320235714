package dev.bosun.site;

/**
 * A site list query: text in the domain or an alias, a status (deleted sites only when asked
 * for), a page counted from 0.
 */
public record SiteFilter(String q, SiteStatus status, int page, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;

    public SiteFilter {
        q = q == null || q.isBlank() ? null : q.strip().toLowerCase(java.util.Locale.ROOT);
        page = Math.max(page, 0);
        size = size <= 0 ? DEFAULT_SIZE : Math.min(size, MAX_SIZE);
    }
}
