package dev.bosun.site;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The site form of the seed: domain (the site's title), client, install profile, platform,
 * language, database server, and optional aliases (one per line) that may redirect to the domain.
 */
public record SiteForm(
        @NotBlank(message = "Enter the site's domain, e.g. www.example.com.") @Size(max = 253, message = "At most 253 characters.")
        String domain,
        @NotNull(message = "Choose the client that owns the site.") Long clientId,
        @NotBlank(message = "Choose an install profile.") String profile,
        @NotNull(message = "Choose a platform.") Long platformId,
        String language,
        @NotNull(message = "Choose a database server.") Long dbServiceId,
        String aliases,
        Boolean redirectAliases) {

    public SiteForm {
        redirectAliases = Boolean.TRUE.equals(redirectAliases);
    }

    public static SiteForm empty() {
        return new SiteForm("", null, "", null, "en", null, "", false);
    }
}
