package dev.bosun.site.internal;

import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;

/** A site task: its type and the site's context, the steps are the subclass's. */
abstract class SiteHandler implements TaskHandler {

    protected final SiteOperations operations;
    private final SiteTaskType type;

    SiteHandler(SiteOperations operations, SiteTaskType type) {
        this.operations = operations;
        this.type = type;
    }

    @Override
    public TargetType targetType() {
        return TargetType.SITE;
    }

    @Override
    public String type() {
        return type.key();
    }

    @Override
    public void run(TaskRun run) throws Exception {
        operations.inTask(run.id(), () -> {
            SiteContext context = operations.context(run.targetId());
            run.log().info(type.label() + " " + context.domain() + " on platform " + context.platform().name()
                    + " (server " + context.web().name() + ")");
            operations.removeLeftoverFolders(context, run.id(), run.log());
            run(run, context);
        });
    }

    abstract void run(TaskRun run, SiteContext context) throws Exception;
}
