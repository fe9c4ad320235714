package dev.bosun.platform.internal;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delete: only a platform without live sites. Bosun forgets the platform's packages and marks it
 * DELETED (kept with its task history); the codebase stays on the server (docs/adr/0020).
 */
@Component
class PlatformDeleteHandler implements TaskHandler {

    private final PlatformStore platforms;
    private final PackageStore packages;
    private final TransactionTemplate transaction;

    PlatformDeleteHandler(PlatformStore platforms, PackageStore packages, TransactionTemplate transaction) {
        this.platforms = platforms;
        this.packages = packages;
        this.transaction = transaction;
    }

    @Override
    public TargetType targetType() {
        return TargetType.PLATFORM;
    }

    @Override
    public String type() {
        return "delete";
    }

    @Override
    public void run(TaskRun run) throws Exception {
        Platform platform = PlatformHandlers.live(platforms, run.targetId());
        run.step("Check for sites", step -> {
            if (platform.liveSites() > 0) {
                throw new PlatformCheckException("Platform " + platform.name() + " still has " + platform.liveSites()
                        + " site(s); delete or migrate them first.");
            }
            step.ok("No site is on " + platform.name() + ".");
        });
        run.step("Forget the platform", step -> {
            transaction.executeWithoutResult(status -> {
                packages.deletePlatformRecords(platform.id());
                platforms.setStatus(platform.id(), PlatformStatus.DELETED);
            });
            step.ok("Platform " + platform.name() + " is deleted; its task history stays.");
            step.info("The codebase at " + platform.rootPath() + " on " + platform.serverName()
                    + " is left in place; remove it by hand when nothing needs it.");
        });
    }
}
