package dev.bosun.site;

/** Another domain of a site; with {@code redirect} it sends visitors to the main domain. */
public record SiteAlias(String alias, boolean redirect) {
}
