package dev.bosun.test;

import org.springframework.jdbc.core.simple.JdbcClient;

/** For tests that write backup rows directly: what the backup module keeps beside each backup it records. */
public final class BackupRows {

    private BackupRows() {
    }

    /** Sets the site's newest backup ({@code sites.last_backup_at}) from its backup rows, as recording one does. */
    public static void newestKept(JdbcClient jdbc, long siteId) {
        jdbc.sql("UPDATE sites SET last_backup_at = (SELECT max(created_at) FROM backups WHERE site_id = :site)"
                + " WHERE id = :site").param("site", siteId).update();
    }
}
