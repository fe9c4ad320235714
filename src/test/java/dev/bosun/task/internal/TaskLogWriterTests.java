package dev.bosun.task.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.bosun.task.TaskLogLine.Level;
import dev.bosun.task.TaskStep;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

/**
 * A task's buffered log keeps what it could not write while the panel's database is unreachable: the lines and
 * the step and journal changes go in, in order, with the next write once the database is back, so a task that
 * runs through an outage leaves no step RUNNING and loses no line.
 */
class TaskLogWriterTests {

    /** Refuses writes while {@code down}; records the statements of the writes that went in. */
    static final class FlakyStore extends TaskStore {

        boolean down;
        RuntimeException failure = new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection");
        final List<String> lines = new ArrayList<>();
        final List<Object[]> writes = new ArrayList<>();

        FlakyStore() {
            super(null, null);
        }

        @Override
        void write(List<PendingLine> pending, List<Write> changes) {
            if (down) {
                throw failure;
            }
            pending.forEach(line -> lines.add(line.message()));
            changes.forEach(change -> writes.add(change.params()));
        }
    }

    final FlakyStore store = new FlakyStore();
    final TaskLogWriter writer = new TaskLogWriter(store, Clock.systemUTC(),
            new TaskProperties(true, 1, 1, Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100),
                    Duration.ofSeconds(10), 90, "test"), new LogFeed(new dev.bosun.task.InMemoryTaskLog(7)));

    @Test
    void changesThatFailedWhileTheDatabaseWasUnreachableAreWrittenInOrderWithTheNextFlush() {
        TaskLogWriter.Buffer buffer = writer.open(7, 0);
        buffer.add(Level.INFO, "checksum", "Checking the backup");
        store.down = true;
        assertThatThrownBy(() -> buffer.flush(TaskStore.endStep(7, 1, TaskStep.Status.FAILED)))
                .isInstanceOf(CannotGetJdbcConnectionException.class);
        buffer.add(Level.ERROR, null, "Task failed: the panel's database could not be reached.");
        assertThatThrownBy(buffer::flush).isInstanceOf(CannotGetJdbcConnectionException.class);
        assertThat(store.lines).isEmpty();

        store.down = false;
        buffer.flush(TaskStore.markJournal(7, 1, dev.bosun.task.JournalEntry.Status.UNDONE));

        assertThat(store.lines).containsExactly("Checking the backup",
                "Task failed: the panel's database could not be reached.");
        assertThat(store.writes).hasSize(2);
        assertThat(store.writes.get(0)).contains(TaskStep.Status.FAILED.name());
        assertThat(store.writes.get(1)).contains(dev.bosun.task.JournalEntry.Status.UNDONE.name());

        buffer.flush();
        assertThat(store.writes).as("nothing is written twice").hasSize(2);
    }

    @Test
    void aChangeRefusedForAnotherReasonIsNotTriedAgain() {
        TaskLogWriter.Buffer buffer = writer.open(8, 0);
        store.down = true;
        store.failure = new DataIntegrityViolationException("duplicate key");
        assertThatThrownBy(() -> buffer.flush(TaskStore.endStep(8, 1, TaskStep.Status.DONE)))
                .isInstanceOf(DataIntegrityViolationException.class);

        store.down = false;
        buffer.flush();
        assertThat(store.writes).isEmpty();
    }
}
