package dev.bosun.test;

import dev.bosun.task.JournalEntry;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;

/** A task handler for tests, written as a lambda: {@code TestHandler.site("noop", run -> ...)}. */
public record TestHandler(TargetType targetType, String type, Body body, Undo undo) implements TaskHandler {

    /** What the handler does when its task runs. */
    public interface Body {
        void run(TaskRun run) throws Exception;
    }

    /** How it takes back a journaled change (after a failure, or on another node after an interruption). */
    public interface Undo {
        void undo(TaskRun run, JournalEntry entry) throws Exception;
    }

    public static TestHandler site(String type, Body body) {
        return new TestHandler(TargetType.SITE, type, body, null);
    }

    public static TestHandler server(String type, Body body) {
        return new TestHandler(TargetType.SERVER, type, body, null);
    }

    public TestHandler undoing(Undo undo) {
        return new TestHandler(targetType, type, body, undo);
    }

    @Override
    public void run(TaskRun run) throws Exception {
        body.run(run);
    }

    @Override
    public void undo(TaskRun run, JournalEntry entry) throws Exception {
        if (undo == null) {
            TaskHandler.super.undo(run, entry);
        } else {
            undo.undo(run, entry);
        }
    }
}
