package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bosun.server.DbType;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;

/**
 * Verify tells when the site's database schema is behind its code: a warning in its log, the count kept for the
 * site page (whose warning SitePagesTests shows).
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump"})
class VerifyPendingUpdatesTests extends RunningMaster {

    @Test
    void verifyWarnsOfPendingDatabaseUpdatesAndTheSitePageShowsThem() throws Exception {
        long platformId = examplePlatform("example-base");
        long siteId = installedSite("pending", platformId, dbService(DbType.MARIADB));

        TaskSummary clean = queue(siteId, SiteTaskType.VERIFY);
        assertThat(log(clean)).contains("No database updates pending").doesNotContain("update(s) pending");
        assertThat(siteQueries.pendingDatabaseUpdates(siteId)).hasValue(0);

        String database = jdbc.sql("SELECT db_name FROM sites WHERE id = :id").param("id", siteId)
                .query(String.class).single();
        // the schema of system goes back before its hook_update_N functions: the code is now ahead of the database
        SiteSnapshot.execute(DbType.MARIADB, database,
                "UPDATE key_value SET value = ? WHERE collection = 'system.schema' AND name = 'system'", "i:8000;");
        TaskSummary behind = queue(siteId, SiteTaskType.VERIFY);

        assertThat(behind.status()).isEqualTo(TaskStatus.WARNING);
        assertThat(log(behind)).containsPattern("WARNING \\d+ database update\\(s\\) pending, the database schema is "
                + "behind the code: .*system 10201");
        assertThat(siteQueries.pendingDatabaseUpdates(siteId).orElseThrow()).isPositive();
    }
}
