package dev.bosun.site.internal;

import java.time.Duration;
import java.util.List;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupService;
import dev.bosun.server.Command;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Restore: checksum of the chosen backup → maintenance on → a backup "Generated before being restored to
 * a previous version" → unpack into a new directory beside the site directory → new database and user →
 * import → swap (the new directory becomes the site directory, settings.php and the stored credentials
 * name the new database) → verify (alias, vhost, reload, packages) → maintenance off. Until then the old
 * directory, database and user are kept, and every change is journaled before it is made, so a rollback
 * (after a failure, or on another node after an interruption) puts the site back on them.
 * <p>
 * Point of no return: the end of "maintenance off", when the site serves the restored copy. After it the
 * old directory, database and user are removed, each failure a warning; an interruption there is carried
 * forward: the site out of maintenance, the old copy removed.
 */
@Component
class RestoreHandler extends SiteHandler {

    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);
    /** $1 site directory, $2 where the old one is kept, $3 the restored one. */
    private static final String SWAP = "set -e; mv -T -- \"$1\" \"$2\"; mv -T -- \"$3\" \"$1\"";

    private final SiteBackups backups;
    private final BackupService backupRecords;
    private final SiteDeployer deployer;

    RestoreHandler(SiteOperations operations, SiteJournal journal, SiteBackups backups, BackupService backupRecords,
                   SiteDeployer deployer) {
        super(operations, journal, SiteTaskType.RESTORE);
        this.backups = backups;
        this.backupRecords = backupRecords;
        this.deployer = deployer;
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        BackupInfo chosen = chosenBackup(run, context);
        DbCredentials previous = operations.credentials(context);
        if (previous == null) {
            throw new IllegalStateException("The site has no database recorded, so it cannot be restored.");
        }
        run.log().secret(previous.password());
        String sites = context.layout().docrootPath() + "/sites/";
        DeployTarget target = DeployTarget.siteDirectory(context.shell(), context.layout(), context.db(),
                operations.clientHosts(context)).into(sites + "." + context.domain() + ".restore-" + run.id());
        String aside = sites + "." + context.domain() + ".previous-" + run.id();
        Restore restore = new Restore(context, chosen, previous, target, aside);

        run.step("checksum", step -> deployer.check(chosen, step));
        run.step("maintenance on", step -> {
            JournalEntry maintenance = journal.maintenance(step, context);
            operations.maintenance(context, true, step);
            maintenance.done();
        });
        run.step("pre-restore backup", step -> backups.backup(context, BackupKind.PRE_RESTORE, "", run.id(), step));
        try {
            run.step("unpack", step -> unpack(restore, step));
            run.step("database", step -> {
                DbCredentials fresh = deployer.newCredentials(target, step);
                JournalEntry database = journal.database(step, target, fresh);
                restore.credentials = deployer.createDatabase(target, fresh, step);
                database.done();
            });
            run.step("import", step -> deployer.importDump(restore.folder, restore.credentials, step));
        } catch (Exception failed) {
            if (restore.folder != null) {
                restore.folder.discardDump();
            }
            throw failed;
        }
        run.step("swap", step -> swap(restore, step));
        run.step("verify", step -> verify(restore, step));
        run.step("maintenance off", step -> operations.maintenance(context, false, step));
        run.step("serving", step -> operations.confirmServing(context, step));
        SiteJournal.OldCopy old = new SiteJournal.OldCopy(context.site().id(), context.web().id(),
                context.platform().docrootPath(), context.domain(), aside, context.site().dbServiceId(),
                previous.database(), previous.user(), operations.clientHosts(context), false, false);
        run.pointOfNoReturn(context.domain() + " serves the restored copy; the previous one is removed", old);
        removeOldCopy(old, run.log());
        if (operations.reportServing(context, run.log())) {
            run.log().ok(context.domain() + " is restored to the backup of " + BackupService.label(chosen));
        }
    }

    /** After the point of no return: the site out of maintenance (again), the previous copy removed. */
    @Override
    public void carryForward(TaskRun run, List<JournalEntry> entries) {
        SiteJournal.OldCopy old = SiteJournal.pointData(entries, SiteJournal.OldCopy.class);
        SiteContext site = operations.context(old.siteId());
        operations.maintenance(site, false, run.log());
        removeOldCopy(old, run.log());
        if (operations.reportServing(site, run.log())) {
            run.log().ok(site.domain() + " is restored");
        }
    }

    private BackupInfo chosenBackup(TaskRun run, SiteContext context) {
        Long id = run.args(SiteTaskArgs.Restore.class).backupId();
        if (id == null) {
            throw new IllegalArgumentException("The restore names no backup (argument backupId).");
        }
        BackupInfo backup = backupRecords.get(id);
        if (backup.siteId() != context.site().id()) {
            throw new IllegalArgumentException("The backup " + backup.id() + " is not a backup of " + context.domain());
        }
        run.log().info("Restoring the backup " + BackupService.label(backup) + " (" + backup.fileName() + ")");
        return backup;
    }

    private void unpack(Restore restore, TaskRun.StepContext step) {
        JournalEntry directory = journal.directory(step, restore.context, restore.target.directory(), null);
        restore.folder = deployer.unpack(restore.chosen.path(), restore.target, step);
        directory.done();
    }

    /**
     * The restored copy takes the site directory's place with settings.php naming the new database; the
     * old directory is kept aside and the old credentials are journaled until the end.
     */
    private void swap(Restore restore, TaskRun.StepContext step) {
        SiteContext context = restore.context;
        long siteId = context.site().id();
        String siteDirectory = context.layout().siteDirectory();
        operations.writeSettings(context, restore.credentials, restore.target.directory(), step);
        JournalEntry credentials = journal.credentials(step, siteId, restore.previous);
        JournalEntry swap = journal.swap(step, context, restore.aside, restore.target.directory());
        move(restore, SWAP, step);
        swap.done();
        operations.storeCredentials(siteId, restore.credentials);
        credentials.done();
        step.ok("The restored copy is now " + siteDirectory + " on database " + restore.credentials.database()
                + "; the previous one is kept as " + restore.aside + " until the restore ends");
    }

    private void move(Restore restore, String script, TaskLogger log) {
        SiteContext context = restore.context;
        operations.run(context, Command.script(script, context.layout().siteDirectory(), restore.aside,
                restore.target.directory()).args(), log, MOVE_TIMEOUT, "Moving the site directories");
    }

    private void verify(Restore restore, TaskRun.StepContext step) {
        SiteContext context = restore.context;
        JournalEntry alias = journal.alias(step, context.domain());
        operations.writeAlias(context, step);
        alias.done();
        JournalEntry vhost = journal.vhost(step, context, operations.siteVhost(context), null);
        operations.writeSiteVhost(context, step);
        vhost.done();
        JournalEntry packages = journal.packages(step, context.site().id(), context.domain());
        operations.rescanPackages(context, step);
        packages.done();
    }

    /** After the point of no return: the old directory, database and user go; failures are warnings. */
    private void removeOldCopy(SiteJournal.OldCopy old, TaskLogger log) {
        log.info("Removing the previous copy of the site");
        journal.removeOldCopy(old, log);
    }

    /** What the steps of one restore hand to each other. */
    private static final class Restore {
        final SiteContext context;
        final BackupInfo chosen;
        final DbCredentials previous;
        final DeployTarget target;
        final String aside;
        SiteDeployer.UnpackedFolder folder;
        DbCredentials credentials;

        Restore(SiteContext context, BackupInfo chosen, DbCredentials previous, DeployTarget target, String aside) {
            this.context = context;
            this.chosen = chosen;
            this.previous = previous;
            this.target = target;
            this.aside = aside;
        }
    }
}
