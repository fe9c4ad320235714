package dev.bosun.server;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Test helpers for the one-master rule, since test classes share an application context and its database. */
public final class ServerFixtures {

    /**
     * A property that gives the server tests an application context (and database) of their own: they register
     * servers and queue tasks, which other pages' tests do not expect to see.
     */
    public static final String OWN_CONTEXT = "bosun.test.context=servers";

    /** A small connection pool: the test JVM keeps every context's pool open, on a PostgreSQL others share. */
    public static final String SMALL_POOL = "spring.datasource.hikari.maximum-pool-size=5";

    /** This node runs no tasks: the tests run the verify handler themselves, or only look at what was queued. */
    public static final String NO_DISPATCH = "bosun.tasks.dispatch=false";

    private ServerFixtures() {
    }

    /** Removes the master server, its services and its tasks, so that another test can register one. */
    public static void deleteMaster(JdbcClient jdbc) {
        jdbc.sql("DELETE FROM tasks WHERE target_type = 'SERVER' AND target_id IN (SELECT id FROM servers WHERE master)")
                .update();
        jdbc.sql("DELETE FROM servers WHERE master").update();
    }
}
