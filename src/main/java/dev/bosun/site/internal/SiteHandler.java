package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;

/**
 * A site task: its type and the site's context, the steps are the subclass's; the changes they journal are
 * undone by {@link SiteJournal}, and before another node recovers the task its remote processes are stopped.
 */
abstract class SiteHandler implements TaskHandler {

    protected final SiteOperations operations;
    protected final SiteJournal journal;
    private final SiteTaskType type;

    SiteHandler(SiteOperations operations, SiteJournal journal, SiteTaskType type) {
        this.operations = operations;
        this.journal = journal;
        this.type = type;
    }

    @Override
    public void undo(TaskRun run, JournalEntry entry) {
        journal.undo(run, entry);
    }

    @Override
    public void beforeTakeOver(TaskRun run) {
        operations.stopTaskProcesses(run.id(), run.targetId(), targetPlatforms(run), run.log());
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

    /** The platforms besides the site's own whose servers this task runs commands on (a migrate's or clone's target). */
    List<Long> targetPlatforms(TaskRun run) {
        return List.of();
    }
}
