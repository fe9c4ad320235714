package dev.bosun.site.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a migrate copies a site's files ({@code bosun.migrate.*}, docs/migrate.md).
 *
 * @param preCopy whether the files are copied while the site still serves, before maintenance (the default); off,
 *                every migrate copies them in maintenance, as one that cannot pre-copy does. Off is meant for
 *                measuring the difference (bench/run migrate-window), not for production.
 */
@ConfigurationProperties("bosun.migrate")
public record MigrateProperties(@DefaultValue("true") boolean preCopy) {
}
