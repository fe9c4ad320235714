package dev.bosun.site.internal;

import dev.bosun.backup.BackupKind;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Delete: pre-delete backup → database, grants and user → site directory → drush alias → vhost
 * (reload) → DELETED. Every step tolerates "already gone", so it also clears a half-installed site.
 */
@Component
class DeleteHandler extends SiteHandler {

    private final SiteBackups backups;

    DeleteHandler(SiteOperations operations, SiteBackups backups) {
        super(operations, SiteTaskType.DELETE);
        this.backups = backups;
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        DbCredentials credentials = operations.credentials(context);
        run.step("pre-delete backup", step -> {
            if (credentials == null) {
                step.warning("No pre-delete backup: the site never got a database.");
                return;
            }
            try {
                backups.backup(context, BackupKind.PRE_DELETE, "", run.id(), step);
            } catch (Exception failed) {
                if (context.site().status() == dev.bosun.site.SiteStatus.QUEUED) {
                    step.warning("No pre-delete backup of the half-installed site: " + failed.getMessage());
                } else {
                    throw failed;
                }
            }
        });
        run.step("database", step -> {
            if (credentials == null) {
                step.info("No database recorded; nothing to drop.");
                return;
            }
            step.secret(credentials.password());
            context.db().deprovision(credentials, operations.clientHosts(context));
            step.ok("Database " + credentials.database() + " and user " + credentials.user() + " removed");
        });
        run.step("site directory", step -> operations.removeSiteDirectory(context, step));
        run.step("drush alias", step -> operations.removeAlias(context.domain(), step));
        run.step("vhost", step -> context.http().removeVhost(context.domain(), step));
        run.step("status", step -> {
            operations.setStatus(context.site().id(), SiteStatus.DELETED);
            step.ok(context.domain() + " is deleted; its backups and task history are kept");
        });
    }
}
