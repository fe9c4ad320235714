package dev.bosun.backup;

import java.time.Instant;

/**
 * Published when a backup of a site is recorded or removed, inside the transaction that does it, with the time of
 * the site's newest backup now ({@code null}: it has none left). The site module keeps it on the site, where the
 * dashboard's warning and the backup manager's due check read it for the whole fleet at once; listen with a plain
 * {@code @EventListener}, so that both change together.
 */
public record NewestBackupChanged(long siteId, Instant newest) {
}
