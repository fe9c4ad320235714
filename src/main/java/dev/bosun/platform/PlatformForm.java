package dev.bosun.platform;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Registering a platform: a name, the web server, the codebase's absolute path and, when they
 * differ from a composer-built Drupal's, the docroot and drush path relative to it.
 */
public record PlatformForm(
        @NotBlank(message = "Give the platform a name.") @Size(max = 100, message = "At most 100 characters.")
        @Pattern(regexp = "[\\p{L}\\p{N}][\\p{L}\\p{N} ._()+-]*", message = "Use letters, digits, spaces and . _ ( ) + - only.")
        String name,
        @NotNull(message = "Choose the web server the codebase is on.") Long serverId,
        @NotBlank(message = "Give the absolute path of the codebase, e.g. /var/aegir/platforms/drupal-10.3.")
        @Size(max = 1000, message = "At most 1000 characters.")
        @Pattern(regexp = "(/[A-Za-z0-9._@+-]+)+/?", message = "Use an absolute path of letters, digits and . _ @ + - only.")
        String rootPath,
        @Size(max = 100, message = "At most 100 characters.")
        @Pattern(regexp = "|[A-Za-z0-9._@+-]+(/[A-Za-z0-9._@+-]+)*", message = "Use a path relative to the root, e.g. web.")
        String docroot,
        @Size(max = 200, message = "At most 200 characters.")
        @Pattern(regexp = "|/?[A-Za-z0-9._@+-]+(/[A-Za-z0-9._@+-]+)*", message = "Use a path relative to the root (vendor/bin/drush) or an absolute one.")
        String drushPath) {

    public static final String DEFAULT_DOCROOT = "web";
    public static final String DEFAULT_DRUSH = "vendor/bin/drush";

    public static PlatformForm empty() {
        return new PlatformForm("", null, "", DEFAULT_DOCROOT, DEFAULT_DRUSH);
    }

    public String docrootOrDefault() {
        return docroot == null || docroot.isBlank() ? DEFAULT_DOCROOT : docroot.strip();
    }

    public String drushPathOrDefault() {
        return drushPath == null || drushPath.isBlank() ? DEFAULT_DRUSH : drushPath.strip();
    }

    /** The root without a trailing slash. */
    public String normalizedRootPath() {
        String root = rootPath.strip();
        return root.length() > 1 && root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }
}
