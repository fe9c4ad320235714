package dev.bosun.site.internal;

import java.util.List;
import java.util.Locale;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Clone (a task on the original site): the new site's record (same client, profile and language; its own
 * domain, platform, db server and aliases; QUEUED and offering nothing while the clone runs) → backup of the
 * original "Generated before being cloned" → the backup deployed as the new site (its own directory,
 * database and user) → {@code drush updatedb} with the target's drush → file paths → cache rebuild →
 * verify (settings.php, drush alias, vhost, packages) → the new site ENABLED. The original is only read:
 * it stays online and unchanged. Every change is journaled before it is made, so on a failure (or on another
 * node after an interruption) everything of the clone is removed, its record too.
 * <p>
 * Point of no return: the end of "status", when the clone is ENABLED; nothing is left to do after it, so
 * carrying forward only makes sure the clone is ENABLED.
 */
@Component
class CloneHandler extends SiteHandler {

    private final SiteBackups backups;
    private final SiteDeployer deployer;
    private final SiteRecords records;
    private final MovePlanner planner;

    CloneHandler(SiteOperations operations, SiteJournal journal, SiteBackups backups, SiteDeployer deployer,
                 SiteRecords records, MovePlanner planner) {
        super(operations, journal, SiteTaskType.CLONE);
        this.backups = backups;
        this.deployer = deployer;
        this.records = records;
        this.planner = planner;
    }

    @Override
    List<Long> targetPlatforms(TaskRun run) {
        Long platformId = run.args(SiteTaskArgs.Clone.class).platformId();
        return platformId == null ? List.of() : List.of(platformId);
    }

    @Override
    void run(TaskRun run, SiteContext original) throws Exception {
        Clone clone = plan(run, original);
        run.step("site record", step -> record(clone, step));
        run.step("backup", step -> clone.backup = backups.backup(original, BackupKind.PRE_CLONE, "", run.id(), step));
        run.step("deploy", step -> deploy(clone, step));
        run.step("updatedb", step -> operations.updateDatabase(clone.to, step));
        run.step("file paths", step -> {
            operations.drush(clone.to, clone.to.drush().rewriteFilePaths(original.domain(), clone.domain), step);
            step.ok("Stored file paths moved to sites/" + clone.domain + "/files/");
        });
        run.step("cache rebuild", step -> operations.rebuildCaches(clone.to, step));
        run.step("verify", step -> verify(clone, step));
        run.step("serving", step -> operations.confirmServing(clone.to, step));
        run.step("certificate", step -> operations.ensureCertificate(clone.to, false,
                journal.obtainedCertificates(step, clone.to), step));
        run.step("status", step -> {
            JournalEntry status = journal.status(step, clone.to, SiteStatus.QUEUED);
            operations.setStatus(clone.to.site().id(), SiteStatus.ENABLED);
            status.done();
            step.ok(clone.domain + " is enabled: a clone of " + original.domain() + " on "
                    + clone.to.platform().name() + " with its own database " + clone.credentials.database()
                    + " and user " + clone.credentials.user());
        });
        run.pointOfNoReturn(clone.domain + " is enabled", new Cloned(clone.to.site().id(), clone.domain));
    }

    /** What carrying a clone forward needs: the clone's site. */
    record Cloned(long siteId, String domain) {
    }

    @Override
    public void carryForward(TaskRun run, List<JournalEntry> entries) {
        Cloned cloned = SiteJournal.pointData(entries, Cloned.class);
        operations.setStatus(cloned.siteId(), SiteStatus.ENABLED);
        if (operations.reportServing(operations.context(cloned.siteId()), run.log())) {
            run.log().ok(cloned.domain() + " is enabled");
        }
    }

    private Clone plan(TaskRun run, SiteContext original) {
        if (original.site().status() != SiteStatus.ENABLED && original.site().status() != SiteStatus.DISABLED) {
            throw new IllegalStateException("Only an installed site is cloned; " + original.domain() + " is "
                    + original.site().status().name().toLowerCase() + ".");
        }
        SiteTaskArgs.Clone args = run.args(SiteTaskArgs.Clone.class);
        String domain = args.domain() == null ? "" : args.domain().strip().toLowerCase(Locale.ROOT);
        if (domain.isEmpty()) {
            throw new IllegalArgumentException("The clone names no domain (argument domain).");
        }
        if (domain.equals(original.domain())) {
            throw new IllegalArgumentException("A clone needs a domain of its own, not " + domain + ".");
        }
        long platformId = args.platformId() == null ? original.platform().id() : args.platformId();
        long dbServiceId = args.dbServerId() == null ? original.site().dbServiceId() : args.dbServerId();
        List<SiteAlias> aliases = aliases(args.aliases(), original);
        planner.target(original, 0, domain, platformId, dbServiceId, aliases);
        run.log().info("Clone: " + domain + " on platform " + platformId + ", database server " + dbServiceId
                + (aliases.isEmpty() ? "" : ", aliases " + String.join(", ", aliases.stream().map(SiteAlias::alias)
                        .toList())));
        return new Clone(original, domain, platformId, dbServiceId, aliases);
    }

    /** The clone's aliases redirect when the original's do. */
    private static List<SiteAlias> aliases(List<String> given, SiteContext original) {
        boolean redirect = !original.aliases().isEmpty() && original.aliases().stream().allMatch(SiteAlias::redirect);
        return given.stream().map(alias -> new SiteAlias(alias, redirect)).toList();
    }

    private void record(Clone clone, TaskRun.StepContext step) {
        JournalEntry record = journal.cloneRecord(step, clone.domain, clone.platformId);
        long siteId = records.createClone(clone.original.site(), clone.domain, clone.platformId, clone.dbServiceId,
                clone.aliases);
        record.done();
        operations.copyHttpsSettings(clone.original.site().id(), siteId);
        clone.to = operations.placed(clone.original.site(), siteId, clone.domain, clone.platformId,
                clone.dbServiceId, clone.aliases);
        step.ok("Site " + clone.domain + " recorded; it is queued until the clone is done");
    }

    /** The backup as the new site: its own directory, a new database and user, settings.php naming them. */
    private void deploy(Clone clone, TaskRun.StepContext step) {
        SiteContext to = clone.to;
        DeployTarget target = DeployTarget.siteDirectory(to.shell(), to.layout(), to.db(), operations.clientHosts(to));
        DbCredentials fresh = deployer.newCredentials(target, step);
        JournalEntry database = journal.database(step, target, fresh);
        JournalEntry directory = journal.directory(step, to, target.directory(), null);
        clone.credentials = deployer.deploy(clone.backup, target, fresh, step).credentials();
        directory.done();
        database.done();
        operations.storeCredentials(to.site().id(), clone.credentials);
        operations.writeSettings(to, clone.credentials, step);
    }

    private void verify(Clone clone, TaskRun.StepContext step) {
        SiteContext to = clone.to;
        operations.writeSettings(to, clone.credentials, step);
        JournalEntry alias = journal.alias(step, to.domain());
        operations.writeAlias(to, step);
        alias.done();
        JournalEntry vhost = journal.vhost(step, to, null, null);
        operations.writeSiteVhost(to, step);
        vhost.done();
        operations.rescanPackages(to, step);
    }

    /** What the steps of one clone hand to each other. */
    private static final class Clone {
        final SiteContext original;
        final String domain;
        final long platformId;
        final long dbServiceId;
        final List<SiteAlias> aliases;
        SiteContext to;
        BackupInfo backup;
        DbCredentials credentials;

        Clone(SiteContext original, String domain, long platformId, long dbServiceId, List<SiteAlias> aliases) {
            this.original = original;
            this.domain = domain;
            this.platformId = platformId;
            this.dbServiceId = dbServiceId;
            this.aliases = aliases;
        }
    }
}
