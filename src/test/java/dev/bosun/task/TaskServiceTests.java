package dev.bosun.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.bosun.task.internal.StepFaults;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@TaskTest
class TaskServiceTests {

    @Autowired
    TaskService tasks;

    @Autowired
    TaskQueries queries;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Test
    void aQueuedTaskRunsAtOnceAndEndsSuccessWithItsLog() {
        QueuedTask queued = tasks.queue(TaskRequest.forSite("noop", Targets.next(), null, Map.of("lines", 3), "alice"));

        assertThat(queued.created()).isTrue();
        assertThat(queued.task().requestedBy()).isEqualTo("alice");
        TaskDetails done = awaitEnd(queued.task().id());
        assertThat(done.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(done.attempt()).isEqualTo(1);
        assertThat(done.steps()).extracting(TaskStep::name, TaskStep::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("work", TaskStep.Status.DONE));
        assertThat(queries.log(done.id(), 0, 100)).extracting(TaskLogLine::message)
                .containsExactly("line 1", "line 2", "line 3");
    }

    @Test
    void queueingTheSameTypeForATargetWhileOneIsOpenReturnsTheOpenTask() {
        long site = Targets.next();
        QueuedTask blocking = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "alice"));
        QueuedTask again = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "bob"));
        QueuedTask otherType = tasks.queue(TaskRequest.forSite("noop", site, null, Map.of(), "bob"));

        assertThat(again.created()).isFalse();
        assertThat(again.task().id()).isEqualTo(blocking.task().id());
        assertThat(otherType.created()).isTrue();

        TestTaskHandlers.gate(site).countDown();
        awaitEnd(blocking.task().id());
        assertThat(tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "bob")).created())
                .as("once the first ended, the type can be queued again (and passes the open gate)").isTrue();
    }

    @Test
    void queueingATaskRecordsWhenItsTypeWasLastQueuedOnTheTarget() {
        long site = Targets.next();
        long other = Targets.next();
        assertThat(queries.lastQueued(TargetType.SITE, "noop")).doesNotContainKeys(site, other);

        TaskDetails first = awaitEnd(tasks.queue(TaskRequest.forSite("noop", site, null, Map.of(), "a")).task().id());
        TaskDetails second = awaitEnd(tasks.queue(TaskRequest.forSite("noop", site, null, Map.of(), "a")).task().id());
        tasks.queue(TaskRequest.forSite("steps", other, null, Map.of(), "a"));

        assertThat(second.createdAt()).isAfter(first.createdAt());
        // For every target of the kind at once (the backup manager's plan reads it so, beside the sites).
        assertThat(queries.lastQueued(TargetType.SITE, "noop"))
                .as("the newer of the two, and nothing for a type not queued on the other site")
                .containsEntry(site, second.createdAt()).doesNotContainKey(other);
    }

    @Test
    void openTasksAndHistoryOfATargetAreListedByType() {
        long site = Targets.next();
        long running = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "a")).task().id();
        long waiting = tasks.queue(TaskRequest.forSite("noop", site, null, Map.of(), "a")).task().id();
        try {
            assertThat(queries.openTasks(TargetType.SITE, site)).containsOnlyKeys("block", "noop");
            assertThat(queries.openTasks(TargetType.SITE, site).get("noop").id()).isEqualTo(waiting);
            assertThat(queries.latest(TargetType.SITE, site, 10)).extracting(TaskSummary::id)
                    .containsExactly(waiting, running);
        } finally {
            TestTaskHandlers.gate(site).countDown();
        }
        awaitEnd(waiting);
        assertThat(queries.openTasks(TargetType.SITE, site)).isEmpty();
    }

    @Test
    void aTypeWithoutHandlerIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> tasks.queue(TaskRequest.forSite("explode", Targets.next(), null, Map.of(), "a")))
                .isInstanceOf(UnknownTaskTypeException.class)
                .hasMessage("Bosun has no 'explode' task for a site.");
        assertThatThrownBy(() -> tasks.queue(new TaskRequest("noop", TargetType.PLATFORM, 5, null, null, Map.of(), "a")))
                .isInstanceOf(UnknownTaskTypeException.class);
    }

    @Test
    void aFailingStepRunsTheUndosOfItselfAndTheStepsBeforeInReverseOrder() {
        QueuedTask queued = tasks.queue(TaskRequest.forSite("steps", Targets.next(), null,
                Map.of("steps", List.of("one", "two", "three", "four"), "failAt", "three"), "alice"));

        TaskDetails done = awaitEnd(queued.task().id());

        assertThat(done.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(done.outcome()).isEqualTo("Error in step three: three broke");
        assertThat(TestTaskHandlers.journal(done.targetId()))
                .containsExactly("run one", "run two", "run three", "undo three", "undo two", "undo one");
        assertThat(done.steps()).extracting(TaskStep::name, TaskStep::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple("one", TaskStep.Status.UNDONE),
                org.assertj.core.groups.Tuple.tuple("two", TaskStep.Status.UNDONE),
                org.assertj.core.groups.Tuple.tuple("three", TaskStep.Status.UNDONE));
        assertThat(queries.log(done.id(), 0, 100)).extracting(TaskLogLine::level, TaskLogLine::message)
                .contains(org.assertj.core.groups.Tuple.tuple(TaskLogLine.Level.ERROR, "Step 'three' failed: three broke"),
                        org.assertj.core.groups.Tuple.tuple(TaskLogLine.Level.INFO, "Rolling back 3 recorded change(s), newest first."),
                        org.assertj.core.groups.Tuple.tuple(TaskLogLine.Level.OK, "Undid: the change of one (step 'one')."));
        assertThat(jdbc.sql("SELECT step, status FROM task_journal WHERE task_id = :id ORDER BY seq")
                .param("id", done.id()).query((rs, n) -> rs.getString(1) + " " + rs.getString(2)).list())
                .as("the rollback ran from the journal").containsExactly("one UNDONE", "two UNDONE", "three UNDONE");
    }

    @Test
    void anInjectedFaultFailsTheTaskAfterTheNamedStepAndRollsBackThatStepToo(@Autowired StepFaults faults) {
        faults.failAfter("steps", "two");
        try {
            QueuedTask queued = tasks.queue(TaskRequest.forSite("steps", Targets.next(), null,
                    Map.of("steps", List.of("one", "two", "three")), "alice"));

            TaskDetails done = awaitEnd(queued.task().id());

            assertThat(done.status()).isEqualTo(TaskStatus.ERROR);
            assertThat(done.outcome()).isEqualTo("Error in step two: Injected failure after step 'two'");
            assertThat(TestTaskHandlers.journal(done.targetId()))
                    .containsExactly("run one", "run two", "undo two", "undo one");
        } finally {
            faults.clear();
        }
    }

    @Test
    void faultInjectionCannotBeArmedOutsideTests() {
        assertThatThrownBy(() -> new StepFaults(false).failAfter("steps", "one"))
                .isInstanceOf(IllegalStateException.class);
        assertThat(new StepFaults(false).after("steps", "one")).isEmpty();
    }

    @Test
    void statusFollowsTheWorstLogLevel() {
        long warnedSite = Targets.next();
        long warned = tasks.queue(TaskRequest.forSite("steps", warnedSite, null,
                Map.of("steps", List.of("one", "two"), "warnAt", "two"), "a")).task().id();
        long clean = tasks.queue(TaskRequest.forSite("steps", Targets.next(), null,
                Map.of("steps", List.of("one", "two")), "a")).task().id();

        assertThat(awaitEnd(warned).status()).isEqualTo(TaskStatus.WARNING);
        assertThat(awaitEnd(warned).outcome()).isEqualTo("Warning in step two: Something looks odd in two");
        assertThat(awaitEnd(clean).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(TestTaskHandlers.journal(warnedSite)).doesNotContain("undo one", "undo two");
    }

    @Test
    void aDeclaredSecretIsMaskedInEveryLaterLineIncludingTheFailure() {
        long id = tasks.queue(TaskRequest.forSite("secret", Targets.next(), null, Map.of("secret", "s3cr3t-pw"), "a"))
                .task().id();

        TaskDetails done = awaitEnd(id);

        assertThat(queries.log(id, 0, 100)).extracting(TaskLogLine::message).containsExactly(
                "before: s3cr3t-pw",
                "mysql --password=******** ok",
                "Step 'use' failed: access denied for ********");
        assertThat(done.outcome()).doesNotContain("s3cr3t-pw");
    }

    @Test
    void retryQueuesANewTaskWithTheSameArgumentsOnlyForAFailedTask() {
        long site = Targets.next();
        Map<String, Object> args = Map.of("steps", List.of("one"), "failAt", "one");
        long failed = tasks.queue(TaskRequest.forSite("steps", site, 7L, args, "a")).task().id();
        awaitEnd(failed);

        QueuedTask retried = tasks.retry(failed);

        assertThat(retried.created()).isTrue();
        TaskDetails retry = tasks.find(retried.task().id()).orElseThrow();
        assertThat(retry.retryOf()).isEqualTo(failed);
        assertThat(retry.args()).isEqualTo(args);
        assertThat(retry.serverId()).isEqualTo(7L);
        assertThat(retry.targetId()).isEqualTo(site);
        awaitEnd(retry.id());
        assertThatThrownBy(() -> tasks.retry(tasks.queue(TaskRequest.forSite("noop", site, null, Map.of(), "a"))
                .task().id()))
                .isInstanceOf(TaskStateException.class)
                .hasMessageContaining("Only a task that ended in error can be retried");
        assertThatThrownBy(() -> tasks.retry(Long.MAX_VALUE)).isInstanceOf(TaskNotFoundException.class);
    }

    @Test
    void aTaskIsListedByTheLabelAndClientItWasQueuedWithAndARetryKeepsThem() {
        long site = Targets.next();
        long client = Targets.next();
        long failed = tasks.queue(TaskRequest.forSite("steps", site, null, Map.of("failAt", "one"), "a")
                .listedAs("old.example.com", client)).task().id();
        awaitEnd(failed);

        assertThat(queries.summary(failed).orElseThrow().targetLabel()).isEqualTo("old.example.com");
        assertThat(queries.visible(failed, new TaskScope(List.of(client), false))).isTrue();
        assertThat(queries.visible(failed, new TaskScope(List.of(client + 1), false))).isFalse();
        assertThat(queries.page(new TaskFilter(null, null, null, "old.example", 0, 10), null).items())
                .extracting(TaskSummary::id).containsExactly(failed);

        tasks.relabel(TargetType.SITE, site, "new.example.com");
        long retry = tasks.retry(failed).task().id();

        assertThat(queries.summary(failed).orElseThrow().targetLabel()).isEqualTo("new.example.com");
        assertThat(queries.summary(retry).orElseThrow().targetLabel()).isEqualTo("new.example.com");
        assertThat(queries.visible(retry, new TaskScope(List.of(client), false))).isTrue();
        assertThat(queries.page(new TaskFilter(null, null, null, "old.example", 0, 10), null).items()).isEmpty();
        awaitEnd(retry);
    }

    @Test
    void cancelTurnsAQueuedTaskIntoCancelledAndRefusesARunningOne() {
        long site = Targets.next();
        long running = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "a")).task().id();
        long waiting = tasks.queue(TaskRequest.forSite("noop", site, null, Map.of(), "a")).task().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> TestTaskHandlers.journal(site).contains("waiting"));

        TaskSummary cancelled = tasks.cancel(waiting);

        assertThat(cancelled.status()).isEqualTo(TaskStatus.CANCELLED);
        assertThat(queries.log(waiting, 0, 10)).extracting(TaskLogLine::message).containsExactly("Cancelled by system.");
        assertThatThrownBy(() -> tasks.cancel(running)).isInstanceOf(TaskStateException.class)
                .hasMessage("Only a queued task can be cancelled; task " + running + " is processing.");
        TestTaskHandlers.gate(site).countDown();
        assertThat(awaitEnd(running).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(queries.summary(waiting).orElseThrow().startedAt()).as("a cancelled task never starts").isNull();
        await().atMost(Duration.ofSeconds(5)).until(() -> TestTaskHandlers.FINISHED.stream()
                .anyMatch(event -> event.id() == waiting && event.targetId() == site && event.status() == TaskStatus.CANCELLED));
    }

    @Test
    void tasksOfOneSiteRunOneAtATimeInTheOrderTheyWereQueued() {
        long site = Targets.next();
        long first = tasks.queue(TaskRequest.forSite("block", site, null, Map.of(), "a")).task().id();
        long second = tasks.queue(TaskRequest.forSite("steps", site, null, Map.of(), "a")).task().id();
        long otherSite = tasks.queue(TaskRequest.forSite("noop", Targets.next(), null, Map.of(), "a")).task().id();

        assertThat(awaitEnd(otherSite).status()).as("another site does not wait").isEqualTo(TaskStatus.SUCCESS);
        assertThat(queries.summary(second).orElseThrow().status()).isEqualTo(TaskStatus.QUEUED);
        TestTaskHandlers.gate(site).countDown();
        TaskDetails secondDone = awaitEnd(second);
        assertThat(secondDone.startedAt()).isAfterOrEqualTo(awaitEnd(first).finishedAt());
    }

    @Test
    void aFinishedTaskIsAnnouncedAfterItsEndIsCommitted() {
        long id = tasks.queue(TaskRequest.forSite("noop", Targets.next(), null, Map.of(), "a")).task().id();
        awaitEnd(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> TestTaskHandlers.FINISHED.contains(
                new TaskFinished(id, "noop", TargetType.SITE, queries.summary(id).orElseThrow().targetId(),
                        TaskStatus.SUCCESS)));
    }

    @Test
    void aServerTaskRunsThroughItsOwnHandler() {
        long id = tasks.queue(new TaskRequest("probe", TargetType.SERVER, Targets.next(), null, null, Map.of(), "a"))
                .task().id();
        assertThat(awaitEnd(id).status()).isEqualTo(TaskStatus.SUCCESS);
    }

    private TaskDetails awaitEnd(long id) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> tasks.find(id).orElseThrow(),
                task -> task.status().isFinished());
    }
}
