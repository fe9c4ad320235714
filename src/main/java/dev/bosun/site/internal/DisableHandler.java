package dev.bosun.site.internal;

import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/** Disable: the vhost sends every visitor to the panel's public "Site disabled" page. */
@Component
class DisableHandler extends SiteHandler {

    DisableHandler(SiteOperations operations) {
        super(operations, SiteTaskType.DISABLE);
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        run.step("disabled vhost", step -> {
            operations.writeDisabledVhost(context, step);
            step.undo(() -> operations.writeSiteVhost(context, run.log()));
        });
        run.step("status", step -> {
            operations.setStatus(context.site().id(), SiteStatus.DISABLED);
            step.ok(context.domain() + " is disabled");
        });
    }
}
