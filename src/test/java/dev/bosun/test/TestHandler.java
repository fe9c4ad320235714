package dev.bosun.test;

import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;

/** A task handler for tests, written as a lambda: {@code TestHandler.site("noop", run -> ...)}. */
public record TestHandler(TargetType targetType, String type, Body body, Recovery recovery) implements TaskHandler {

    /** What the handler does when its task runs. */
    public interface Body {
        void run(TaskRun run) throws Exception;
    }

    /** What it does for a step whose undo died with its node. */
    public interface Recovery {
        void undo(TaskRun run, String step) throws Exception;
    }

    public static TestHandler site(String type, Body body) {
        return new TestHandler(TargetType.SITE, type, body, null);
    }

    public static TestHandler server(String type, Body body) {
        return new TestHandler(TargetType.SERVER, type, body, null);
    }

    public TestHandler recovering(Recovery recovery) {
        return new TestHandler(targetType, type, body, recovery);
    }

    @Override
    public void run(TaskRun run) throws Exception {
        body.run(run);
    }

    @Override
    public void undoAfterInterruption(TaskRun run, String step) throws Exception {
        if (recovery == null) {
            TaskHandler.super.undoAfterInterruption(run, step);
        } else {
            recovery.undo(run, step);
        }
    }
}
