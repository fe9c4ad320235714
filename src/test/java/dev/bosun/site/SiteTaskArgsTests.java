package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskRun;
import dev.bosun.task.TaskService;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Every record of site task arguments goes into the task table as the JSON the API documents and reaches the
 * handler as the same record; rows written by older versions still read.
 */
@BosunTest
@Import(SiteTaskArgsTests.EchoHandler.class)
class SiteTaskArgsTests {

    private static final AtomicLong TARGETS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 1_000_000_000L);
    /** The record type each target's task is read as, and what the handler read. */
    static final Map<Long, Class<? extends SiteTaskArgs>> TYPES = new ConcurrentHashMap<>();
    static final Map<Long, Object> RECEIVED = new ConcurrentHashMap<>();

    @Autowired
    TaskService tasks;
    @Autowired
    JdbcClient jdbc;

    static List<Object[]> records() {
        return List.of(
                new Object[] {new SiteTaskArgs.None(), "{}"},
                new Object[] {new SiteTaskArgs.Backup("before the upgrade"),
                        "{\"description\":\"before the upgrade\",\"kind\":\"manual\"}"},
                new Object[] {new SiteTaskArgs.Backup("Automated backup", SiteTaskArgs.Backup.Kind.AUTOMATED),
                        "{\"description\":\"Automated backup\",\"kind\":\"automated\"}"},
                new Object[] {new SiteTaskArgs.Restore(42L), "{\"backupId\":42}"},
                new Object[] {new SiteTaskArgs.BackupDelete(List.of(3L, 5L)), "{\"backupIds\":[3,5]}"},
                new Object[] {new SiteTaskArgs.Migrate("new.example.com", 7L, 9L),
                        "{\"domain\":\"new.example.com\",\"platformId\":7,\"dbServerId\":9}"},
                new Object[] {new SiteTaskArgs.Clone("copy.example.com", 7L, 9L, List.of("www.copy.example.com")),
                        "{\"domain\":\"copy.example.com\",\"platformId\":7,\"dbServerId\":9,"
                                + "\"aliases\":[\"www.copy.example.com\"]}"});
    }

    @ParameterizedTest
    @MethodSource("records")
    void aRecordIsStoredUnderTheApisNamesAndReachesTheHandlerAsTheSameRecord(SiteTaskArgs args, String json) {
        long target = TARGETS.incrementAndGet();
        TYPES.put(target, args.getClass());

        long id = tasks.queue(TaskRequest.forSite(EchoHandler.TYPE, target, null, args, "test")).task().id();

        assertThat(jdbc.sql("SELECT args FROM tasks WHERE id = :id").param("id", id).query(String.class)
                .single()).isEqualTo(json);
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.containsKey(target));
        assertThat(RECEIVED.get(target)).isEqualTo(args);
    }

    @Test
    void rowsOfOlderVersionsReadAsTheirRecords() {
        assertThat(readBack(SiteTaskArgs.Backup.class, "{\"description\":\"on request\"}"))
                .isEqualTo(new SiteTaskArgs.Backup("on request", SiteTaskArgs.Backup.Kind.MANUAL));
        assertThat(readBack(SiteTaskArgs.Backup.class, "{\"description\":\"Automated backup\",\"kind\":\"automated\"}"))
                .isEqualTo(new SiteTaskArgs.Backup("Automated backup", SiteTaskArgs.Backup.Kind.AUTOMATED));
        assertThat(readBack(SiteTaskArgs.Migrate.class, "{\"domain\":\"a.example.com\",\"platformId\":1,"
                + "\"dbServerId\":2}")).isEqualTo(new SiteTaskArgs.Migrate("a.example.com", 1L, 2L));
        assertThat(readBack(SiteTaskArgs.None.class, "{}")).isEqualTo(new SiteTaskArgs.None());
    }

    /** A row as an older version wrote it, read by the handler. */
    private Object readBack(Class<? extends SiteTaskArgs> type, String json) {
        long target = TARGETS.incrementAndGet();
        TYPES.put(target, type);
        jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, site_id, args, requested_by)
                VALUES (:type, 'SITE', :target, :target, :args, 'test')""")
                .param("type", EchoHandler.TYPE).param("target", target).param("args", json).update();
        jdbc.sql("SELECT pg_notify('bosun_tasks', '')").query().listOfRows();
        await().atMost(Duration.ofSeconds(30)).until(() -> RECEIVED.containsKey(target));
        return RECEIVED.get(target);
    }

    /** Reads the task's arguments as the record its target was given and keeps it. */
    @TestConfiguration(proxyBeanMethods = false)
    static class EchoHandler {

        static final String TYPE = "args-echo";

        @Bean
        TaskHandler argsEchoHandler() {
            return new TaskHandler() {
                @Override
                public TargetType targetType() {
                    return TargetType.SITE;
                }

                @Override
                public String type() {
                    return TYPE;
                }

                @Override
                public void run(TaskRun run) {
                    RECEIVED.put(run.targetId(), run.args(TYPES.get(run.targetId())));
                }
            };
        }
    }
}
