package dev.bosun.site.internal;

import dev.bosun.backup.BackupKind;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/** Backup: the site's folder and database dump into one checked archive on the master. */
@Component
class BackupHandler extends SiteHandler {

    private final SiteBackups backups;

    BackupHandler(SiteOperations operations, SiteJournal journal, SiteBackups backups) {
        super(operations, journal, SiteTaskType.BACKUP);
        this.backups = backups;
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        SiteTaskArgs.Backup args = run.args(SiteTaskArgs.Backup.class);
        String description = args.description();
        BackupKind kind = args.kind() == SiteTaskArgs.Backup.Kind.AUTOMATED ? BackupKind.AUTOMATED
                : BackupKind.REQUESTED;
        run.step("backup", step -> backups.backup(context, kind, description, run.id(), step));
    }
}
