package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.bosun.test.BosunTest;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TestRequirements;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The panel against the machine's PostgreSQL: every migration applies on an empty database. */
@BosunTest
class MigrationTests {

    @Autowired
    JdbcClient jdbc;

    @Test
    void contextRunsOnTheMachinesPostgresWithEveryMigrationApplied() {
        TestRequirements.require(TestDatabases.machinePostgres().isPresent(),
                "the machine's PostgreSQL at BOSUN_TEST_PG_URL (default 127.0.0.1:5432) does not answer");
        assertThat(TestDatabases.postgres().source()).isEqualTo("machine");

        List<Boolean> applied = jdbc.sql("SELECT success FROM flyway_schema_history WHERE version IS NOT NULL")
                .query(Boolean.class).list();
        assertThat(applied).isNotEmpty().allMatch(Boolean::booleanValue);

        List<String> tables = jdbc.sql("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
                .query(String.class).list();
        assertThat(tables).contains("servers", "services", "platforms", "packages", "platform_packages", "sites",
                "site_aliases", "site_packages", "clients", "users", "client_users", "api_tokens", "tasks",
                "task_steps", "task_log", "backups", "settings", "features", "audit_log",
                "qrtz_job_details", "qrtz_triggers", "qrtz_locks", "qrtz_scheduler_state");
    }

    @Test
    void quartzRunsClusteredOnTheDatabase(@Autowired org.quartz.Scheduler scheduler) throws Exception {
        assertThat(scheduler.getMetaData().isJobStoreClustered()).isTrue();
        assertThat(scheduler.getMetaData().isJobStoreSupportsPersistence()).isTrue();
        assertThat(jdbc.sql("SELECT count(*) FROM qrtz_scheduler_state").query(Long.class).single()).isPositive();
    }
}
