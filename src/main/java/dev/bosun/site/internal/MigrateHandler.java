package dev.bosun.site.internal;

import java.util.List;
import java.util.Locale;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.platform.SitePackage;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Migrate (Aegir's migrate: a new domain, platform or db server, or any of them): maintenance on → backup
 * "Generated before being migrated" → metadata → deploy the backup to the target (new database and user,
 * import, the site folder in the target platform unless only the database moves) → {@code drush updatedb}
 * with the target's drush → file paths (after a rename) → cache rebuild → verify (settings.php, drush alias,
 * vhost, packages) → maintenance off. Until then the original copy is untouched but for its maintenance
 * flag, and every step's undo puts the site back on it: its record, settings.php, alias and vhost, its
 * recorded packages, out of maintenance; what the target got is removed. Only after the site is out of
 * maintenance on the target is the old copy removed (directory, database and user, vhost and alias of an
 * old domain); those removals come after the point of no return, so their failures are warnings.
 */
@Component
class MigrateHandler extends SiteHandler {

    private final SiteBackups backups;
    private final SiteDeployer deployer;
    private final SiteRecords records;
    private final MovePlanner planner;

    MigrateHandler(SiteOperations operations, SiteBackups backups, SiteDeployer deployer, SiteRecords records,
                   MovePlanner planner) {
        super(operations, SiteTaskType.MIGRATE);
        this.backups = backups;
        this.deployer = deployer;
        this.records = records;
        this.planner = planner;
    }

    @Override
    void run(TaskRun run, SiteContext from) throws Exception {
        Migration migration = plan(run, from);
        SiteContext to = migration.to;
        run.step("maintenance on", step -> {
            step.undo(() -> operations.maintenance(from, false, run.log()));
            operations.maintenance(from, true, step);
        });
        run.step("backup", step -> migration.backup = backups.backup(from, BackupKind.PRE_MIGRATE, "", run.id(), step));
        run.step("metadata", step -> metadata(migration, step, run.log()));
        run.step("deploy", step -> deploy(migration, step, run.log()));
        run.step("updatedb", step -> operations.updateDatabase(to, step));
        run.step("file paths", step -> filePaths(migration, step));
        run.step("cache rebuild", step -> operations.rebuildCaches(to, step));
        run.step("verify", step -> verify(migration, step, run.log()));
        run.step("maintenance off", step -> operations.maintenance(to, false, step));
        run.step("serving", step -> operations.confirmServing(to, step));
        removeOldCopy(migration, run.log());
    }

    private Migration plan(TaskRun run, SiteContext from) {
        if (from.site().status() != SiteStatus.ENABLED) {
            throw new IllegalStateException("Only an enabled site is migrated; " + from.domain() + " is "
                    + from.site().status().name().toLowerCase() + ".");
        }
        SiteTaskArgs.Migrate args = run.args(SiteTaskArgs.Migrate.class);
        String domain = args.domain() == null || args.domain().isBlank() ? from.domain()
                : args.domain().strip().toLowerCase(Locale.ROOT);
        long platformId = args.platformId() == null ? from.platform().id() : args.platformId();
        long dbServiceId = args.dbServerId() == null ? from.site().dbServiceId() : args.dbServerId();
        if (domain.equals(from.domain()) && platformId == from.platform().id()
                && dbServiceId == from.site().dbServiceId()) {
            throw new IllegalArgumentException("Nothing to migrate: the domain, platform and database server are "
                    + "the site's own.");
        }
        DbCredentials previous = operations.credentials(from);
        if (previous == null) {
            throw new IllegalStateException("The site has no database recorded, so it cannot be migrated.");
        }
        run.log().secret(previous.password());
        SiteContext to = planner.target(from, from.site().id(), domain, platformId, dbServiceId, from.aliases());
        Migration migration = new Migration(from, to, previous);
        run.log().info("Target: " + domain + " on platform " + to.platform().name() + " (server " + to.web().name()
                + "), database on " + to.site().dbServerName() + (migration.directoryMoves() ? ""
                : "; the site directory stays, only the database moves"));
        return migration;
    }

    private void metadata(Migration migration, TaskRun.StepContext step, TaskLogger log) {
        long siteId = migration.from.site().id();
        SiteRecords.Placement before = records.placement(siteId);
        step.undo(() -> {
            records.restore(siteId, before);
            log.ok("The site's record names " + before.domain() + " on " + migration.from.platform().name()
                    + " with its previous database again");
        });
        SiteContext to = migration.to;
        records.move(siteId, to.domain(), to.platform().id(), to.site().dbServiceId());
        step.ok("Recorded as " + to.domain() + " on " + to.platform().name() + ", database server "
                + to.site().dbServerName());
    }

    /**
     * The backup deployed to the target: as a new site directory with a new database, or, when the
     * directory stays (same platform and domain), a new database only, settings.php then rewritten in place.
     */
    private void deploy(Migration migration, TaskRun.StepContext step, TaskLogger log) {
        SiteContext from = migration.from;
        SiteContext to = migration.to;
        DeployTarget target = DeployTarget.siteDirectory(to.shell(), to.layout(), to.db(), operations.clientHosts(to));
        if (migration.directoryMoves()) {
            Deployed deployed = deployer.deploy(migration.backup, target, step);
            step.undo(() -> deployer.remove(deployed, log));
            migration.credentials = deployed.credentials();
        } else {
            DbCredentials fresh = deployer.deployDatabase(migration.backup, target, step);
            step.undo(() -> deployer.removeDatabase(target, fresh, log));
            migration.credentials = fresh;
            step.undo(() -> {
                operations.writeSettings(from, migration.previous, log);
                log.ok("settings.php names the previous database " + migration.previous.database() + " again");
            });
        }
        operations.storeCredentials(from.site().id(), migration.credentials);
        operations.writeSettings(to, migration.credentials, step);
    }

    private void filePaths(Migration migration, TaskLogger log) {
        SiteContext to = migration.to;
        if (!migration.domainChanges()) {
            log.info("The domain stays " + to.domain() + ": no stored file path changes.");
            return;
        }
        operations.drush(to, to.drush().rewriteFilePaths(migration.from.domain(), to.domain()), log);
        log.ok("Stored file paths moved from sites/" + migration.from.domain() + "/files/ to sites/" + to.domain()
                + "/files/");
    }

    /** settings.php, drush alias and vhost of the target (each undo puts the original's back), then the packages. */
    private void verify(Migration migration, TaskRun.StepContext step, TaskLogger log) {
        SiteContext from = migration.from;
        SiteContext to = migration.to;
        operations.writeSettings(to, migration.credentials, step);
        step.undo(migration.domainChanges() ? () -> operations.removeAlias(to.domain(), log)
                : () -> operations.writeAlias(from, log));
        operations.writeAlias(to, step);
        step.undo(migration.vhostReplaced() ? () -> operations.writeSiteVhost(from, log)
                : () -> to.http().removeVhost(to.domain(), log));
        operations.writeSiteVhost(to, step);
        List<SitePackage> recorded = operations.recordedPackages(from.site().id());
        step.undo(() -> {
            operations.recordPackages(from.site().id(), recorded);
            log.ok("The site's recorded packages are those of " + from.platform().name() + " again");
        });
        operations.rescanPackages(to, step);
    }

    /** After the point of no return: the site serves from the target, so what cannot be removed is a warning. */
    private void removeOldCopy(Migration migration, TaskLogger log) {
        SiteContext from = migration.from;
        log.info("Removing the old copy of the site; " + migration.to.domain() + " already serves from "
                + migration.to.platform().name() + ", so a failure here is a warning");
        DeployTarget old = DeployTarget.siteDirectory(from.shell(), from.layout(), from.db(),
                operations.clientHosts(from));
        if (migration.directoryMoves()) {
            SiteOperations.removeOrWarn("the old site directory " + from.layout().siteDirectory(),
                    () -> deployer.removeDirectory(old, log), log);
        }
        SiteOperations.removeOrWarn("the old database " + migration.previous.database() + " and user "
                + migration.previous.user(), () -> deployer.removeDatabase(old, migration.previous, log), log);
        if (!migration.vhostReplaced()) {
            SiteOperations.removeOrWarn("the vhost of " + from.domain() + " on " + from.web().name(),
                    () -> from.http().removeVhost(from.domain(), log), log);
        }
        if (migration.domainChanges()) {
            SiteOperations.removeOrWarn("the drush alias of " + from.domain(),
                    () -> operations.removeAlias(from.domain(), log), log);
        }
        log.ok(from.domain() + " is migrated: " + migration.to.domain() + " on " + migration.to.platform().name()
                + ", database " + migration.credentials.database() + " on " + migration.to.site().dbServerName());
    }

    /** What the steps of one migrate hand to each other. */
    private static final class Migration {
        final SiteContext from;
        final SiteContext to;
        final DbCredentials previous;
        BackupInfo backup;
        DbCredentials credentials;

        Migration(SiteContext from, SiteContext to, DbCredentials previous) {
            this.from = from;
            this.to = to;
            this.previous = previous;
        }

        boolean domainChanges() {
            return !to.domain().equals(from.domain());
        }

        boolean sameWebServer() {
            return to.web().id() == from.web().id();
        }

        /** A new site directory: another platform, or another domain on the same one. */
        boolean directoryMoves() {
            return !sameWebServer() || !to.layout().siteDirectory().equals(from.layout().siteDirectory());
        }

        /** The target's vhost file is the original's (same domain on the same web server), overwritten. */
        boolean vhostReplaced() {
            return !domainChanges() && sameWebServer();
        }
    }
}
