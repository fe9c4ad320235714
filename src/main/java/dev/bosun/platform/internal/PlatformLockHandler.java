package dev.bosun.platform.internal;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;
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
            platforms.setStatus(platform.id(), to);
            step.undo(() -> platforms.setStatus(platform.id(), from));
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
