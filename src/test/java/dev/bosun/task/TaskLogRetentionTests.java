package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;

import dev.bosun.task.internal.TaskLogRetention;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@TaskTest
class TaskLogRetentionTests {

    @Autowired
    TaskService tasks;

    @Autowired
    TaskQueries queries;

    @Autowired
    TaskLogRetention retention;

    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void removeSetting() {
        jdbc.sql("DELETE FROM settings WHERE name = :name").param("name", TaskLogRetention.SETTING).update();
    }

    @Test
    void logsOfTasksFinishedLongerAgoThanTheRetentionAreDeletedButTheTasksStay() {
        long old = finishedTaskAgedDays(91);
        long recent = finishedTaskAgedDays(89);

        assertThat(retention.retentionDays()).isEqualTo(90);
        assertThat(retention.purge()).isGreaterThanOrEqualTo(1);

        assertThat(queries.log(old, 0, 10)).isEmpty();
        TaskDetails oldTask = tasks.find(old).orElseThrow();
        assertThat(oldTask.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(oldTask.logPurged()).isTrue();
        assertThat(oldTask.steps()).isNotEmpty();
        assertThat(queries.log(recent, 0, 10)).isNotEmpty();
        assertThat(tasks.find(recent).orElseThrow().logPurged()).isFalse();
    }

    @Test
    void theSettingOverridesTheDefaultAndZeroKeepsLogsForEver() {
        long aged = finishedTaskAgedDays(20);

        jdbc.sql("INSERT INTO settings (name, value) VALUES (:name, '0')").param("name", TaskLogRetention.SETTING).update();
        retention.purge();
        assertThat(queries.log(aged, 0, 10)).isNotEmpty();

        jdbc.sql("UPDATE settings SET value = '10' WHERE name = :name").param("name", TaskLogRetention.SETTING).update();
        assertThat(retention.retentionDays()).isEqualTo(10);
        retention.purge();
        assertThat(queries.log(aged, 0, 10)).isEmpty();
    }

    private long finishedTaskAgedDays(int days) {
        long id = tasks.queue(TaskRequest.forSite("noop", Targets.next(), null, Map.of("lines", 2), "a")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> tasks.find(id).orElseThrow().status().isFinished());
        jdbc.sql("UPDATE tasks SET finished_at = now() - make_interval(days => :days) WHERE id = :id")
                .param("days", days).param("id", id).update();
        return id;
    }
}
