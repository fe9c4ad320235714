package dev.bosun.site.internal;

import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/** Enable: the site's own vhost again. */
@Component
class EnableHandler extends SiteHandler {

    EnableHandler(SiteOperations operations) {
        super(operations, SiteTaskType.ENABLE);
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        run.step("vhost", step -> {
            operations.writeSiteVhost(context, step);
            step.undo(() -> operations.writeDisabledVhost(context, run.log()));
        });
        run.step("serving", step -> operations.confirmServing(context, step));
        run.step("status", step -> {
            operations.setStatus(context.site().id(), SiteStatus.ENABLED);
            step.ok(context.domain() + " is enabled");
        });
    }
}
