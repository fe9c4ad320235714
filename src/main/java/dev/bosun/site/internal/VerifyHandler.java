package dev.bosun.site.internal;

import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Verify: rewrite settings.php, the drush alias and the vhost (pushed, reloaded), get or renew the
 * certificate when HTTPS is on, rescan packages, warn of pending
 * database updates. Re-runnable.
 */
@Component
class VerifyHandler extends SiteHandler {

    VerifyHandler(SiteOperations operations, SiteJournal journal) {
        super(operations, journal, SiteTaskType.VERIFY);
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        run.step("settings.php", step -> {
            var credentials = operations.credentials(context);
            if (credentials == null) {
                throw new IllegalStateException("The site has no database credentials recorded; install it first.");
            }
            operations.createSiteDirectory(context, step);
            operations.writeSettings(context, credentials, step);
        });
        run.step("drush alias", step -> operations.writeAlias(context, step));
        run.step("vhost", step -> {
            if (context.site().status() == SiteStatus.DISABLED) {
                operations.writeDisabledVhost(context, step);
            } else {
                operations.writeSiteVhost(context, step);
            }
        });
        run.step("certificate", step -> operations.ensureCertificate(context, step));
        run.step("serving", step -> operations.confirmServing(context, step));
        run.step("packages", step -> operations.rescanPackages(context, step));
        run.step("database updates", step -> operations.checkPendingUpdates(context, step));
    }
}
