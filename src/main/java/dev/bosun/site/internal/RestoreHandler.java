package dev.bosun.site.internal;

import java.time.Duration;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupService;
import dev.bosun.server.Command;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Restore: checksum of the chosen backup → maintenance on → a backup "Generated before being restored to
 * a previous version" → unpack into a new directory beside the site directory → new database and user →
 * import → swap (the new directory becomes the site directory, settings.php and the stored credentials
 * name the new database) → verify (alias, vhost, reload, packages) → maintenance off. Until then the old
 * directory, database and user are kept, and every step's undo puts the site back on them; only after
 * the site is out of maintenance are they removed, and what cannot be removed is a warning.
 */
@Component
class RestoreHandler extends SiteHandler {

    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);
    /** $1 site directory, $2 where the old one is kept, $3 the restored one. */
    private static final String SWAP = "set -e; mv -T -- \"$1\" \"$2\"; mv -T -- \"$3\" \"$1\"";
    /** Puts the old directory back when it is still kept aside; the restored one goes back to its own name. */
    private static final String SWAP_BACK = "if [ -e \"$2\" ]; then "
            + "if [ -e \"$1\" ]; then mv -T -- \"$1\" \"$3\"; fi; mv -T -- \"$2\" \"$1\"; fi";

    private final SiteBackups backups;
    private final BackupService backupRecords;
    private final SiteDeployer deployer;

    RestoreHandler(SiteOperations operations, SiteBackups backups, BackupService backupRecords,
                   SiteDeployer deployer) {
        super(operations, SiteTaskType.RESTORE);
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

        run.step("checksum", step -> deployer.check(chosen.path(), chosen.sha256(), step));
        run.step("maintenance on", step -> {
            step.undo(() -> operations.maintenance(context, false, run.log()));
            operations.maintenance(context, true, step);
        });
        run.step("pre-restore backup", step -> backups.backup(context, BackupKind.PRE_RESTORE, "", run.id(), step));
        run.step("unpack", step -> unpack(restore, step, run.log()));
        run.step("database", step -> {
            restore.credentials = deployer.createDatabase(target, step);
            step.undo(() -> deployer.removeDatabase(target, restore.credentials, run.log()));
        });
        run.step("import", step -> deployer.importDump(restore.folder, restore.credentials, step));
        run.step("swap", step -> swap(restore, step, run.log()));
        run.step("verify", step -> verify(restore, step));
        run.step("maintenance off", step -> operations.maintenance(context, false, step));
        run.step("serving", step -> operations.confirmServing(context, step));
        removeOldCopy(restore, run.log());
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

    private void unpack(Restore restore, TaskRun.StepContext step, TaskLogger log) {
        step.undo(() -> {
            if (restore.folder != null) {
                restore.folder.discardDump();
            }
            deployer.removeDirectory(restore.target, log);
        });
        restore.folder = deployer.unpack(restore.chosen.path(), restore.target, step);
    }

    /**
     * The restored copy takes the site directory's place with settings.php naming the new database; the
     * old directory is kept aside and the old credentials are remembered until the end.
     */
    private void swap(Restore restore, TaskRun.StepContext step, TaskLogger log) {
        SiteContext context = restore.context;
        long siteId = context.site().id();
        String siteDirectory = context.layout().siteDirectory();
        operations.writeSettings(context, restore.credentials, restore.target.directory(), step);
        step.undo(() -> {
            operations.storeCredentials(siteId, restore.previous);
            move(restore, SWAP_BACK, log);
            log.ok("The site is back on its previous directory and database " + restore.previous.database());
            if (restore.packagesRescanned) {
                operations.rescanPackagesOrWarn(context, log);
            }
        });
        move(restore, SWAP, step);
        operations.storeCredentials(siteId, restore.credentials);
        step.ok("The restored copy is now " + siteDirectory + " on database " + restore.credentials.database()
                + "; the previous one is kept as " + restore.aside + " until the restore ends");
    }

    private void move(Restore restore, String script, TaskLogger log) {
        SiteContext context = restore.context;
        operations.run(context, Command.script(script, context.layout().siteDirectory(), restore.aside,
                restore.target.directory()).args(), log, MOVE_TIMEOUT, "Moving the site directories");
    }

    private void verify(Restore restore, TaskLogger log) {
        SiteContext context = restore.context;
        operations.writeAlias(context, log);
        operations.writeSiteVhost(context, log);
        restore.packagesRescanned = true;
        operations.rescanPackages(context, log);
    }

    /** After the point of no return: the old directory, database and user go; failures are warnings. */
    private void removeOldCopy(Restore restore, TaskLogger log) {
        log.info("Removing the previous copy of the site");
        DeployTarget old = restore.target.into(restore.aside);
        SiteOperations.removeOrWarn("the previous site directory " + restore.aside,
                () -> deployer.removeDirectory(old, log), log);
        SiteOperations.removeOrWarn("the previous database " + restore.previous.database() + " and user "
                + restore.previous.user(), () -> deployer.removeDatabase(old, restore.previous, log), log);
        log.ok(restore.context.domain() + " is restored to the backup of "
                + BackupService.label(restore.chosen));
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
        boolean packagesRescanned;

        Restore(SiteContext context, BackupInfo chosen, DbCredentials previous, DeployTarget target, String aside) {
            this.context = context;
            this.chosen = chosen;
            this.previous = previous;
            this.target = target;
            this.aside = aside;
        }
    }
}
