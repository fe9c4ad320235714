package dev.bosun.platform.internal;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;

/** Lock and unlock: a locked platform takes no new sites and is no migrate target; its sites keep running. */
abstract sealed class PlatformLockHandler implements TaskHandler
        permits PlatformLockHandler.Lock, PlatformLockHandler.Unlock {

    private final PlatformStore platforms;
    private final PlatformStatus from;
    private final PlatformStatus to;

    PlatformLockHandler(PlatformStore platforms, PlatformStatus from, PlatformStatus to) {
        this.platforms = platforms;
        this.from = from;
        this.to = to;
    }

    /** The journal entry of the status change: the platform's status before it. */
    record StatusBefore(long platformId, PlatformStatus status) {
    }

    private static final String STATUS = "platform status";

    @Override
    public void undo(TaskRun run, JournalEntry entry) {
        if (!STATUS.equals(entry.kind())) {
            throw new IllegalStateException("No undo for the journal entry kind '" + entry.kind() + "'");
        }
        StatusBefore before = entry.data(StatusBefore.class);
        platforms.setStatus(before.platformId(), before.status());
        run.log().ok("The platform is " + before.status().name().toLowerCase() + " again");
    }

    @Override
    public TargetType targetType() {
        return TargetType.PLATFORM;
    }

    @Override
    public void run(TaskRun run) throws Exception {
        Platform platform = PlatformHandlers.live(platforms, run.targetId());
        run.step(to == PlatformStatus.LOCKED ? "Lock the platform" : "Unlock the platform", step -> {
            if (platform.status() != from) {
                throw new PlatformCheckException("Platform " + platform.name() + " is " + platform.status().name()
                        .toLowerCase() + ", not " + from.name().toLowerCase() + ".");
            }
            JournalEntry status = step.record(STATUS, "the status of platform " + platform.name() + " (was "
                    + from.name().toLowerCase() + ")", new StatusBefore(platform.id(), from));
            platforms.setStatus(platform.id(), to);
            status.done();
            step.ok(to == PlatformStatus.LOCKED
                    ? "Platform " + platform.name() + " is locked: it takes no new sites and is no migrate target."
                    : "Platform " + platform.name() + " is enabled again.");
        });
    }

    @org.springframework.stereotype.Component
    static final class Lock extends PlatformLockHandler {

        Lock(PlatformStore platforms) {
            super(platforms, PlatformStatus.ENABLED, PlatformStatus.LOCKED);
        }

        @Override
        public String type() {
            return "lock";
        }
    }

    @org.springframework.stereotype.Component
    static final class Unlock extends PlatformLockHandler {

        Unlock(PlatformStore platforms) {
            super(platforms, PlatformStatus.LOCKED, PlatformStatus.ENABLED);
        }

        @Override
        public String type() {
            return "unlock";
        }
    }
}
