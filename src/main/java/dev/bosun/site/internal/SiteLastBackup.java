package dev.bosun.site.internal;

import java.sql.Timestamp;

import dev.bosun.backup.NewestBackupChanged;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code sites.last_backup_at} equal to the site's newest backup: the backup module reports each backup it
 * records or removes, and the site is updated in that same transaction (a plain listener, not one after commit),
 * so the two cannot disagree after a crash.
 */
@Component
class SiteLastBackup {

    private final JdbcClient jdbc;

    SiteLastBackup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(NewestBackupChanged changed) {
        jdbc.sql("UPDATE sites SET last_backup_at = :newest WHERE id = :id")
                .param("newest", changed.newest() == null ? null : Timestamp.from(changed.newest()), java.sql.Types.TIMESTAMP)
                .param("id", changed.siteId()).update();
    }
}
