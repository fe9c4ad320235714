package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupService;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Backup-delete: removes the chosen backups of a site, file and record, one log line each. A
 * backup that is gone already is a warning. It needs no server, so it also runs for a deleted
 * site (retention deletes its old backups; its pre-delete backup is never chosen).
 */
@Component
class BackupDeleteHandler implements TaskHandler {

    private final SiteQueries sites;
    private final BackupService backups;

    BackupDeleteHandler(SiteQueries sites, BackupService backups) {
        this.sites = sites;
        this.backups = backups;
    }

    @Override
    public TargetType targetType() {
        return TargetType.SITE;
    }

    @Override
    public String type() {
        return SiteTaskType.BACKUP_DELETE.key();
    }

    @Override
    public void run(TaskRun run) throws Exception {
        long siteId = run.targetId();
        String domain = sites.get(siteId, ClientScope.ALL).domain();
        List<Long> ids = run.args(SiteTaskArgs.BackupDelete.class).backupIds();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("No backup was chosen to delete.");
        }
        run.log().info(SiteTaskType.BACKUP_DELETE.label() + " of " + domain + ": " + ids.size()
                + (ids.size() == 1 ? " backup" : " backups") + " chosen");
        run.step("delete backups", step -> backups.deleteBackups(siteId, ids, deletion -> {
            if (deletion.warning()) {
                step.warning(deletion.message());
            } else {
                step.ok(deletion.message());
            }
        }));
    }
}
