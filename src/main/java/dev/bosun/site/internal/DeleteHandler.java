package dev.bosun.site.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupService;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Delete: pre-delete backup → database, grants and user → site directory → drush alias → vhost → certificate
 * (files removed, an ACME one revoked at the CA, best effort, records removed) → DELETED. Every step tolerates "already gone", so it also clears a half-installed site, and a
 * delete that failed or was interrupted half-way can be run again: when the database is gone already, the
 * backup step says so as a warning and keeps the site's earlier backups (a backup without the database
 * would not restore), and the removals go on.
 * <p>
 * Point of no return: the end of "pre-delete backup". Before it nothing is changed, so an interrupted delete
 * has nothing to undo. After it a failure or an interruption is carried forward: every removal is tried
 * again, what still cannot be removed is an error naming it and where, and the site is DELETED only when
 * everything is gone (else it keeps its status, and Delete can be run again).
 */
@Component
class DeleteHandler extends SiteHandler {

    private final SiteBackups backups;
    private final BackupService backupRecords;

    DeleteHandler(SiteOperations operations, SiteJournal journal, SiteBackups backups, BackupService backupRecords) {
        super(operations, journal, SiteTaskType.DELETE);
        this.backups = backups;
        this.backupRecords = backupRecords;
    }

    /** What carrying a delete forward needs: the site. */
    record Deleting(long siteId) {
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        DbCredentials credentials = operations.credentials(context);
        run.step("pre-delete backup", step -> backup(run, context, credentials, step));
        run.pointOfNoReturn("the pre-delete backup step is done; " + context.domain() + " is removed",
                new Deleting(context.site().id()));
        run.step("database", step -> removeDatabase(context, credentials, step));
        run.step("site directory", step -> operations.removeSiteDirectory(context, step));
        run.step("drush alias", step -> operations.removeAlias(context.domain(), step));
        run.step("vhost", step -> context.http().removeVhost(context.domain(), step));
        run.step("certificate", step -> operations.removeCertificate(context, step));
        run.step("status", step -> {
            operations.setStatus(context.site().id(), SiteStatus.DELETED);
            step.ok(context.domain() + " is deleted; its backups and task history are kept");
        });
    }

    private void backup(TaskRun run, SiteContext context, DbCredentials credentials, TaskRun.StepContext step)
            throws Exception {
        if (credentials == null) {
            step.warning("No pre-delete backup: the site never got a database.");
            return;
        }
        if (!context.db().databaseExists(credentials.database())) {
            step.warning("No pre-delete backup: the database " + credentials.database() + " is gone from "
                    + context.db().service().host() + " (an earlier delete removed it); " + earlierBackups(context));
            return;
        }
        try {
            backups.backup(context, BackupKind.PRE_DELETE, "", run.id(), step);
        } catch (Exception failed) {
            if (context.site().status() == SiteStatus.QUEUED) {
                step.warning("No pre-delete backup of the half-installed site: " + failed.getMessage());
            } else {
                throw failed;
            }
        }
    }

    private String earlierBackups(SiteContext context) {
        List<BackupInfo> kept = backupRecords.listForSite(context.site().id());
        return kept.stream().max(Comparator.comparing(BackupInfo::createdAt))
                .map(latest -> "its " + kept.size() + " earlier backup(s) are kept, the latest "
                        + BackupService.label(latest) + " (" + latest.fileName() + ")")
                .orElse("it has no earlier backup");
    }

    private void removeDatabase(SiteContext context, DbCredentials credentials, TaskLogger log) {
        if (credentials == null) {
            log.info("No database recorded; nothing to drop.");
            return;
        }
        log.secret(credentials.password());
        context.db().deprovision(credentials, operations.clientHosts(context));
        log.ok("Database " + credentials.database() + " and user " + credentials.user() + " removed");
    }

    /** Tries every removal again; the site is DELETED only when none is left. */
    @Override
    public void carryForward(TaskRun run, List<JournalEntry> entries) {
        SiteContext context = operations.context(SiteJournal.pointData(entries, Deleting.class).siteId());
        TaskLogger log = run.log();
        DbCredentials credentials = operations.credentials(context);
        List<String> left = new ArrayList<>();
        attempt("the database " + (credentials == null ? "" : credentials.database() + " and user "
                + credentials.user() + " ") + "on " + context.db().service().host(),
                () -> removeDatabase(context, credentials, log), left, log);
        attempt("the site directory " + context.layout().siteDirectory() + " on " + context.web().name(),
                () -> operations.removeSiteDirectory(context, log), left, log);
        attempt("the drush alias of " + context.domain(), () -> operations.removeAlias(context.domain(), log), left,
                log);
        attempt("the vhost of " + context.domain() + " on " + context.web().name(),
                () -> context.http().removeVhost(context.domain(), log), left, log);
        attempt("the certificate of " + context.domain() + " on " + context.web().name(),
                () -> operations.removeCertificate(context, log), left, log);
        if (left.isEmpty()) {
            operations.setStatus(context.site().id(), SiteStatus.DELETED);
            log.ok(context.domain() + " is deleted; its backups and task history are kept");
        } else {
            log.error(context.domain() + " is not marked deleted: " + String.join("; ", left)
                    + " is left. Run Delete again once the cause is fixed.");
        }
    }

    private static void attempt(String what, Runnable removal, List<String> left, TaskLogger log) {
        try {
            removal.run();
        } catch (RuntimeException failed) {
            left.add(what);
            log.error("Could not remove " + what + "; it is left: " + failed.getMessage());
        }
    }
}
