package dev.bosun.task.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.bosun.task.InMemoryTaskLog;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One reader per followed task: every follower gets every line, and a second follower costs no query. */
class LogFeedTests {

    private static final long TASK = 7;

    // No fallback poll within a test, so the feed reads only when told of lines or of a follower.
    private final InMemoryTaskLog log = new InMemoryTaskLog(TASK);
    private final LogFeed feed = new LogFeed(log, Duration.ofHours(1));

    @AfterEach
    void close() {
        feed.destroy();
    }

    @Test
    void everyLineReachesEachFollowerOnceAndBothEndWithTheTask() {
        log.write("one");
        Recorder first = follow(0);
        Recorder second = follow(0);
        log.write("two");
        feed.written(TASK);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.messages().size() == 2 && second.messages().size() == 2);
        log.end(TaskStatus.SUCCESS);
        feed.written(TASK);

        await().atMost(Duration.ofSeconds(5)).until(() -> first.ended != null && second.ended != null);
        assertThat(first.messages()).containsExactly("one", "two");
        assertThat(second.messages()).containsExactly("one", "two");
        assertThat(first.ended).isEqualTo(TaskStatus.SUCCESS);
        assertThat(first.failed).isNull();
        assertThat(second.failed).isNull();
        assertThat(feed.followedTasks()).as("the reader leaves with its last follower").isZero();
    }

    @Test
    void aSecondFollowerAddsNoQueryToTheLinesThatFollow() {
        log.write("one");
        Recorder first = follow(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.messages().size() == 1);

        int before = log.reads();
        log.write("two");
        feed.written(TASK);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.messages().size() == 2);
        int readsForOneFollower = log.reads() - before;

        Recorder second = follow(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> second.progressSeen);
        before = log.reads();
        log.write("three");
        feed.written(TASK);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.messages().size() == 3 && second.messages().size() == 1);
        int readsForTwoFollowers = log.reads() - before;

        assertThat(readsForOneFollower).as("one read of the progress, one of the lines").isEqualTo(2);
        assertThat(readsForTwoFollowers).isEqualTo(readsForOneFollower);
        assertThat(second.messages()).containsExactly("three");
        assertThat(feed.followedTasks()).isEqualTo(1);
    }

    @Test
    void aFollowerOfAnEndedTaskGetsTheWholeLogThenTheEnd() {
        for (int i = 1; i <= 1200; i++) {
            log.write("line " + i);
        }
        log.end(TaskStatus.ERROR);
        Recorder late = follow(0);

        await().atMost(Duration.ofSeconds(5)).until(() -> late.ended != null);
        assertThat(late.messages()).hasSize(1200).startsWith("line 1").endsWith("line 1200");
        assertThat(late.ended).isEqualTo(TaskStatus.ERROR);
        assertThat(late.failed).isNull();
    }

    private Recorder follow(int after) {
        Recorder recorder = new Recorder();
        feed.follow(TASK, after, recorder);
        return recorder;
    }

    private static final class Recorder implements LogFeed.Follower {
        final List<TaskLogLine> lines = new CopyOnWriteArrayList<>();
        volatile TaskStatus ended;
        volatile boolean progressSeen;
        volatile Throwable failed;

        List<String> messages() {
            return lines.stream().map(TaskLogLine::message).toList();
        }

        @Override
        public void lines(List<TaskLogLine> received) {
            lines.addAll(received);
        }

        @Override
        public void progress(dev.bosun.task.TaskProgress progress) {
            progressSeen = true;
        }

        @Override
        public void end(TaskStatus status) {
            ended = status;
        }

        /**
         * Kept, not thrown: the reader runs on the feed's own thread, and a follower a test leaves is failed when
         * the feed closes after it (an exception thrown there would reach the next test's await).
         */
        @Override
        public void fail(Throwable failure) {
            failed = failure;
        }
    }
}
