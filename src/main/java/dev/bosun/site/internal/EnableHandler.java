package dev.bosun.site.internal;

import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/** Enable: the site's own vhost again. */
@Component
class EnableHandler extends SiteHandler {

    EnableHandler(SiteOperations operations, SiteJournal journal) {
        super(operations, journal, SiteTaskType.ENABLE);
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        run.step("vhost", step -> {
            JournalEntry vhost = journal.vhost(step, context, null, journal.disabledVhost(context));
            operations.writeSiteVhost(context, step);
            vhost.done();
        });
        run.step("serving", step -> operations.confirmServing(context, step));
        run.step("status", step -> {
            JournalEntry status = journal.status(step, context);
            operations.setStatus(context.site().id(), SiteStatus.ENABLED);
            status.done();
            step.ok(context.domain() + " is enabled");
        });
    }
}
