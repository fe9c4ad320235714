package dev.bosun.site.internal;

import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/** Disable: the vhost sends every visitor to the panel's public "Site disabled" page. */
@Component
class DisableHandler extends SiteHandler {

    DisableHandler(SiteOperations operations, SiteJournal journal) {
        super(operations, journal, SiteTaskType.DISABLE);
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        run.step("disabled vhost", step -> {
            JournalEntry vhost = journal.vhost(step, context, operations.siteVhost(context), null);
            operations.writeDisabledVhost(context, step);
            vhost.done();
        });
        run.step("status", step -> {
            JournalEntry status = journal.status(step, context);
            operations.setStatus(context.site().id(), SiteStatus.DISABLED);
            status.done();
            step.ok(context.domain() + " is disabled");
        });
    }
}
