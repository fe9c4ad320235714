package dev.bosun.site.internal;

import java.util.List;
import java.util.Locale;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Migrate (Aegir's migrate: a new domain, platform or db server, or any of them). While the site serves: backup
 * "Generated before being migrated" → pre-copy (rsync of the site folder into the target's new directory). Then
 * maintenance on → metadata → database (the live database copied into a new database and user) → file delta
 * (rsync again, deleting what the source no longer has; settings.php) → {@code drush updatedb} with the target's
 * drush → file paths (after a rename) → cache rebuild → verify (settings.php, drush alias, vhost, packages) →
 * maintenance off. So the site is in maintenance only for the database, the delta and the switch. A move to
 * another web server, a web server without rsync, or {@code bosun.migrate.pre-copy=false} take the older order,
 * all in maintenance: maintenance on → backup → metadata → deploy the backup to the target → the same tail.
 * <p>
 * Until maintenance off the original copy is untouched but for its maintenance flag, and every change is journaled
 * before it is made, so a rollback (after a failure, or on another node after an interruption) puts the site back
 * on it: its record, settings.php, alias and vhost, its recorded packages, out of maintenance; what the target got
 * (the pre-copied directory too) is removed.
 * <p>
 * Point of no return: the end of "maintenance off", when the site serves from the target. After it, the old
 * copy is removed (directory, database and user, vhost and alias of an old domain), each failure a warning;
 * an interruption there is carried forward: the target out of maintenance, the old copy removed.
 */
@Component
class MigrateHandler extends SiteHandler {

    private final SiteBackups backups;
    private final SiteDeployer deployer;
    private final SiteRecords records;
    private final MovePlanner planner;
    private final SiteFolderSync folderSync;
    private final MigrateProperties properties;

    MigrateHandler(SiteOperations operations, SiteJournal journal, SiteBackups backups, SiteDeployer deployer,
                   SiteRecords records, MovePlanner planner, SiteFolderSync folderSync, MigrateProperties properties) {
        super(operations, journal, SiteTaskType.MIGRATE);
        this.backups = backups;
        this.deployer = deployer;
        this.records = records;
        this.planner = planner;
        this.folderSync = folderSync;
        this.properties = properties;
    }

    @Override
    List<Long> targetPlatforms(TaskRun run) {
        Long platformId = run.args(SiteTaskArgs.Migrate.class).platformId();
        return platformId == null ? List.of() : List.of(platformId);
    }

    @Override
    void run(TaskRun run, SiteContext from) throws Exception {
        Migration migration = plan(run, from);
        SiteContext to = migration.to;
        if (migration.preCopy) {
            run.step("backup", step -> backupWhileServing(migration, run.id(), step));
            run.step("pre-copy", step -> preCopy(migration, step));
            run.step("maintenance on", step -> maintenanceOn(migration, step));
            run.step("metadata", step -> metadata(migration, step));
            run.step("database", step -> copyDatabase(migration, step));
            run.step("file delta", step -> fileDelta(migration, step));
        } else {
            run.step("maintenance on", step -> maintenanceOn(migration, step));
            run.step("backup", step -> migration.backup = backups.backup(from, BackupKind.PRE_MIGRATE, "", run.id(),
                    step));
            run.step("metadata", step -> metadata(migration, step));
            run.step("deploy", step -> deploy(migration, step));
        }
        run.step("updatedb", step -> operations.updateDatabase(to, step));
        run.step("file paths", step -> filePaths(migration, step));
        run.step("cache rebuild", step -> operations.rebuildCaches(to, step));
        run.step("verify", step -> verify(migration, step));
        run.step("maintenance off", step -> maintenanceOff(migration, step));
        run.step("certificate", step -> certificate(migration, step));
        run.step("serving", step -> operations.confirmServing(to, step));
        SiteJournal.OldCopy old = oldCopy(migration);
        run.pointOfNoReturn(to.domain() + " serves from " + to.platform().name() + "; the old copy is removed", old);
        removeOldCopy(old, run.log());
        if (operations.reportServing(to, run.log())) {
            run.log().ok(from.domain() + " is migrated: " + to.domain() + " on " + to.platform().name()
                    + ", database " + migration.credentials.database() + " on " + to.site().dbServerName());
        }
    }

    /** After the point of no return: the target out of maintenance (again), the old copy removed. */
    @Override
    public void carryForward(TaskRun run, List<JournalEntry> entries) {
        SiteJournal.OldCopy old = SiteJournal.pointData(entries, SiteJournal.OldCopy.class);
        SiteContext site = operations.context(old.siteId());
        operations.maintenance(site, false, run.log());
        removeOldCopy(old, run.log());
        if (operations.reportServing(site, run.log())) {
            run.log().ok(site.domain() + " is migrated: it serves from " + site.platform().name() + ", database on "
                    + site.site().dbServerName());
        }
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
        String inMaintenance = filesInMaintenance(migration);
        migration.preCopy = inMaintenance == null;
        if (!migration.preCopy) {
            run.log().info("Order: everything in maintenance, the files deployed from the backup: " + inMaintenance + ".");
        } else if (migration.directoryMoves()) {
            run.log().info("Order: the backup and a copy of the files while the site serves; in maintenance only the "
                    + "database copy, a final sync of the files that changed meanwhile, and the switch.");
        } else {
            run.log().info("Order: the backup while the site serves; in maintenance only the database copy and the "
                    + "switch.");
        }
        return migration;
    }

    /** Why the files are copied in maintenance, or null when they are copied while the site serves. */
    private String filesInMaintenance(Migration migration) {
        if (!properties.preCopy()) {
            return "copying before maintenance is turned off (bosun.migrate.pre-copy=false)";
        }
        if (!migration.sameWebServer()) {
            return "the site moves to another web server, so its files travel in the backup";
        }
        if (migration.directoryMoves() && !folderSync.available(migration.to.shell())) {
            return "rsync is not on " + migration.to.web().name() + ", so the files cannot be synced afterwards";
        }
        return null;
    }

    /**
     * The pre-migrate backup while the site still serves, as a clone's is: what visitors change after it reaches
     * the target all the same, with the database copied in maintenance.
     */
    private void backupWhileServing(Migration migration, long taskId, TaskRun.StepContext step) throws Exception {
        step.info("The site serves while it is backed up; what changes afterwards is not in this backup, but the "
                + "target gets it with the database copy in maintenance.");
        migration.backup = backups.backup(migration.from, BackupKind.PRE_MIGRATE, "", taskId, step);
    }

    /**
     * The site folder copied into the target's new directory while the original serves; journaled first, so a
     * rollback removes it. A directory that exists already is refused before anything is recorded.
     */
    private void preCopy(Migration migration, TaskRun.StepContext step) {
        if (!migration.directoryMoves()) {
            step.info("The site directory stays where it is: no files to copy.");
            return;
        }
        SiteContext to = migration.to;
        DeployTarget target = DeployTarget.siteDirectory(to.shell(), to.layout(), to.db(), operations.clientHosts(to));
        deployer.requireAbsent(target);
        JournalEntry directory = journal.directory(step, to, target.directory(), null);
        long started = System.nanoTime();
        folderSync.mirror(to.shell(), migration.from.layout().siteDirectory(), target.directory(), step);
        directory.done();
        step.ok("Files copied to " + target.directory() + " in " + seconds(System.nanoTime() - started) + " s while "
                + migration.from.domain() + " served, out of maintenance");
    }

    private void maintenanceOn(Migration migration, TaskRun.StepContext step) {
        JournalEntry maintenance = journal.maintenance(step, migration.from);
        operations.maintenance(migration.from, true, step);
        maintenance.done();
        migration.maintenanceSince = System.nanoTime();
    }

    private void maintenanceOff(Migration migration, TaskRun.StepContext step) {
        operations.maintenance(migration.to, false, step);
        step.info("Site was in maintenance for " + seconds(System.nanoTime() - migration.maintenanceSince) + " s"
                + (migration.preCopy ? " (the backup and the copy of the files ran before, while it served)"
                : " (the backup and the copy of the files included)"));
    }

    /**
     * In maintenance: the live database copied into a new database and user on the target's server. When the
     * directory stays, settings.php is rewritten in place at once (journaled with the credentials it had).
     */
    private void copyDatabase(Migration migration, TaskRun.StepContext step) {
        SiteContext from = migration.from;
        SiteContext to = migration.to;
        DeployTarget target = DeployTarget.siteDirectory(to.shell(), to.layout(), to.db(), operations.clientHosts(to));
        DbCredentials fresh = deployer.newCredentials(target, step);
        JournalEntry database = journal.database(step, target, fresh);
        migration.credentials = deployer.copyDatabase(from.db(), migration.previous, target, fresh, step);
        database.done();
        operations.storeCredentials(from.site().id(), migration.credentials);
        if (!migration.directoryMoves()) {
            journal.settings(step, from, from.layout().siteDirectory(), migration.previous);
            operations.writeSettings(to, migration.credentials, step);
        }
    }

    /**
     * In maintenance: the files that changed since the pre-copy, synced from the same source into the same target
     * (deleting what the source no longer has), then the target's settings.php with the new credentials.
     */
    private void fileDelta(Migration migration, TaskRun.StepContext step) {
        if (!migration.directoryMoves()) {
            step.info("The site directory stays where it is: no files to sync.");
            return;
        }
        long started = System.nanoTime();
        folderSync.mirror(migration.to.shell(), migration.from.layout().siteDirectory(),
                migration.to.layout().siteDirectory(), step);
        step.ok("Files changed since the pre-copy synced in " + seconds(System.nanoTime() - started) + " s");
        operations.writeSettings(migration.to, migration.credentials, step);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }

    private void metadata(Migration migration, TaskRun.StepContext step) {
        long siteId = migration.from.site().id();
        JournalEntry placement = journal.placement(step, siteId, records.placement(siteId),
                migration.from.platform().name());
        SiteContext to = migration.to;
        records.move(siteId, to.domain(), to.platform().id(), to.site().dbServiceId());
        placement.done();
        step.ok("Recorded as " + to.domain() + " on " + to.platform().name() + ", database server "
                + to.site().dbServerName());
    }

    /**
     * The backup deployed to the target: as a new site directory with a new database, or, when the
     * directory stays (same platform and domain), a new database only, settings.php then rewritten in place.
     * The new credentials are stored on the record, whose placement entry puts the previous ones back.
     */
    private void deploy(Migration migration, TaskRun.StepContext step) {
        SiteContext from = migration.from;
        SiteContext to = migration.to;
        DeployTarget target = DeployTarget.siteDirectory(to.shell(), to.layout(), to.db(), operations.clientHosts(to));
        DbCredentials fresh = deployer.newCredentials(target, step);
        JournalEntry database = journal.database(step, target, fresh);
        if (migration.directoryMoves()) {
            JournalEntry directory = journal.directory(step, to, target.directory(), null);
            migration.credentials = deployer.deploy(migration.backup, target, fresh, step).credentials();
            directory.done();
            database.done();
        } else {
            migration.credentials = deployer.deployDatabase(migration.backup, target, fresh, step);
            database.done();
            journal.settings(step, from, from.layout().siteDirectory(), migration.previous);
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

    /** settings.php, drush alias and vhost of the target (each journaled with what it replaces), then the packages. */
    private void verify(Migration migration, TaskRun.StepContext step) {
        SiteContext from = migration.from;
        SiteContext to = migration.to;
        operations.writeSettings(to, migration.credentials, step);
        JournalEntry alias = journal.alias(step, to.domain());
        operations.writeAlias(to, step);
        alias.done();
        JournalEntry vhost = journal.vhost(step, to, migration.vhostReplaced() ? operations.siteVhost(from) : null,
                null);
        operations.writeSiteVhost(to, step);
        vhost.done();
        JournalEntry packages = journal.packages(step, from.site().id(), from.domain());
        operations.rescanPackages(to, step);
        packages.done();
    }

    /**
     * A certificate for the target's names when it has none that covers them (a new domain): the record is journaled
     * first, so a rollback puts back the certificate the old vhost still serves. When the target has a vhost of its own
     * (a new domain, or another web server) the order and the new certificate are journaled too, so a rollback
     * revokes that certificate; when the migrate rewrites the site's own vhost in place, a certificate got here is a
     * renewal whose files replace those the old vhost names, and it is left valid.
     */
    private void certificate(Migration migration, TaskRun.StepContext step) {
        SiteContext to = migration.to;
        JournalEntry record = journal.certificate(step, to);
        operations.ensureCertificate(to, false, !migration.vhostReplaced()
                ? journal.obtainedCertificates(step, to) : SiteCertificates.Obtained.UNJOURNALED, step);
        record.done();
    }

    /** What of the original is removed after the point of no return. */
    private SiteJournal.OldCopy oldCopy(Migration migration) {
        SiteContext from = migration.from;
        return new SiteJournal.OldCopy(from.site().id(), from.web().id(), from.platform().docrootPath(), from.domain(),
                migration.directoryMoves() ? from.layout().siteDirectory() : null, from.site().dbServiceId(),
                migration.previous.database(), migration.previous.user(), operations.clientHosts(from),
                !migration.vhostReplaced(), migration.domainChanges());
    }

    /** After the point of no return: the site serves from the target, so what cannot be removed is a warning. */
    private void removeOldCopy(SiteJournal.OldCopy old, TaskLogger log) {
        log.info("Removing the old copy of the site; the site already serves from its new place, so a failure "
                + "here is a warning");
        journal.removeOldCopy(old, log);
    }

    /** What the steps of one migrate hand to each other. */
    private static final class Migration {
        final SiteContext from;
        final SiteContext to;
        final DbCredentials previous;
        BackupInfo backup;
        DbCredentials credentials;
        /** Whether the files are copied before maintenance (pre-copy, database, file delta) or in it (deploy). */
        boolean preCopy;
        long maintenanceSince;

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
