package dev.bosun.site.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.bosun.backup.BackupService;
import dev.bosun.backup.PendingArchive;
import dev.bosun.drupal.SiteLayout;
import dev.bosun.platform.SitePackage;
import dev.bosun.server.Command;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DisabledVhost;
import dev.bosun.server.HttpDriver;
import dev.bosun.server.SiteVhost;
import dev.bosun.site.SiteStatus;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * The site tasks' entries in the persisted step journal: for each kind of change a record of what the
 * undo needs (stored as JSON, passwords only encrypted), a method that journals the change before it is
 * made, and the one undo of each kind, which reads nothing but the entry (so it runs the same on the node
 * that failed and on the node that recovers an interrupted task). Every undo tolerates that the change
 * was never made: an entry is written before its change, and the node may have died in between.
 */
@Component
class SiteJournal {

    static final String DATABASE = "database";
    static final String DIRECTORY = "directory";
    static final String ALIAS = "drush alias";
    static final String VHOST = "vhost";
    static final String MAINTENANCE = "maintenance";
    static final String PLACEMENT = "placement";
    static final String CREDENTIALS = "credentials";
    static final String SETTINGS = "settings.php";
    static final String PACKAGES = "packages";
    static final String SWAP = "swap";
    static final String CLONE_RECORD = "clone record";
    static final String STATUS = "status";
    static final String ARCHIVE = "archive";
    static final String CERTIFICATE = "certificate record";
    static final String CERTIFICATE_ORDER = "certificate order";

    /** Puts the old directory back when it is still kept aside; the restored one goes back to its own name. */
    static final String SWAP_BACK = "if [ -e \"$2\" ]; then "
            + "if [ -e \"$1\" ]; then mv -T -- \"$1\" \"$3\"; fi; mv -T -- \"$2\" \"$1\"; fi";
    private static final Duration MOVE_TIMEOUT = Duration.ofMinutes(5);

    /** A new database and user on a db service. */
    record Database(long dbServiceId, String database, String user, List<String> clientHosts) {
    }

    /** A new directory under a platform's sites/ on a web server; {@code dump} a dump file waiting on the master. */
    record Directory(long webServerId, String docroot, String domain, String directory, String dump) {
    }

    /** A drush alias file on the master written over {@code previous} (null: there was none). */
    record Alias(String domain, String previous) {
    }

    /** A domain's vhost on a web server written over the previous one: a site's, a disabled one, or none. */
    record Vhost(long webServerId, String domain, SiteVhost previousSite, DisabledVhost previousDisabled) {
    }

    /** The site put in maintenance where it was then. */
    record Maintenance(long siteId, String domain, long platformId, long dbServiceId) {
    }

    /** The site's record before a migrate moved it (the password still encrypted). */
    record Placement(long siteId, String domain, long platformId, long dbServiceId, String dbName, String dbUser,
                     String dbPasswordEnc) {
    }

    /** The stored credentials before they were replaced (all null: none). */
    record Credentials(long siteId, String dbName, String dbUser, String dbPasswordEnc) {
    }

    /** settings.php in {@code directory} rewritten; the previous one named these credentials. */
    record Settings(long siteId, String domain, long platformId, long dbServiceId, String directory, String dbName,
                    String dbUser, String dbPasswordEnc) {
    }

    /** The packages the registry recorded for the site before a rescan. */
    record Packages(long siteId, List<SitePackage> previous) {
    }

    /** The site directory swapped with {@code restored}; the previous one kept as {@code aside}. */
    record Swap(long webServerId, String siteDirectory, String aside, String restored) {
    }

    /** The QUEUED row a clone makes for its domain on a platform. */
    record CloneRecord(String domain, long platformId) {
    }

    /** A backup archive given its final name, to be removed (with its record, if any) unless kept. */
    record Archive(PendingArchive.FinalName name) {
    }

    /** The site's certificate record and last attempt before a step got a new certificate. */
    record CertificateRecord(long siteId, String domain, CertificateStore.Snapshot previous) {
    }

    /**
     * An ACME order of the task for {@code domain}'s names at {@code directory}: journaled before it is finalized
     * ({@code chainPem} null), and again with the chain once the CA issued it.
     */
    record CertificateOrder(String domain, List<String> names, String directory, String orderUrl, String chainPem) {
    }

    /** The site's status before the task changed it. */
    record Status(long siteId, SiteStatus previous) {
    }

    /**
     * A copy of a site to remove once a task has passed its point of no return: a directory on a web server
     * (or none), a database and user (or none), and the vhost and drush alias of a domain no longer served.
     */
    record OldCopy(long siteId, Long webServerId, String docroot, String domain, String directory, Long dbServiceId,
                   String database, String user, List<String> clientHosts, boolean removeVhost, boolean removeAlias) {
    }

    private final SiteOperations operations;
    private final SiteDeployer deployer;
    private final SiteRecords records;
    private final BackupService backups;
    private final SiteCertificates certificates;

    SiteJournal(SiteOperations operations, SiteDeployer deployer, SiteRecords records, BackupService backups,
                SiteCertificates certificates) {
        this.backups = backups;
        this.certificates = certificates;
        this.operations = operations;
        this.deployer = deployer;
        this.records = records;
    }

    JournalEntry database(TaskRun.StepContext step, DeployTarget target, DbCredentials fresh) {
        return step.record(DATABASE, "the database " + fresh.database() + " and user " + fresh.user() + " on "
                        + target.db().service().host() + ":" + target.db().service().port(),
                new Database(target.db().service().id(), fresh.database(), fresh.user(), target.clientHosts()));
    }

    JournalEntry directory(TaskRun.StepContext step, SiteContext on, String directory, Path dump) {
        return step.record(DIRECTORY, "the directory " + directory + " on " + on.web().name(),
                new Directory(on.web().id(), on.platform().docrootPath(), on.domain(), directory,
                        dump == null ? null : dump.toString()));
    }

    JournalEntry alias(TaskRun.StepContext step, String domain) {
        Path file = operations.aliasFile(domain);
        String previous;
        try {
            previous = Files.exists(file) ? Files.readString(file) : null;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the drush alias " + file, e);
        }
        return step.record(ALIAS, "the drush alias of " + domain + (previous == null ? " (new)" : " (rewritten)"),
                new Alias(domain, previous));
    }

    /** Journals the vhost of {@code on}'s domain on its web server, which was {@code previousSite} or {@code previousDisabled} or none. */
    JournalEntry vhost(TaskRun.StepContext step, SiteContext on, SiteVhost previousSite, DisabledVhost previousDisabled) {
        return step.record(VHOST, "the vhost of " + on.domain() + " on " + on.web().name() + " ("
                        + (previousSite != null ? "was the site's" : previousDisabled != null ? "was the disabled one"
                        : "new") + ")",
                new Vhost(on.web().id(), on.domain(), previousSite, previousDisabled));
    }

    DisabledVhost disabledVhost(SiteContext context) {
        return operations.disabledVhost(context);
    }

    JournalEntry maintenance(TaskRun.StepContext step, SiteContext on) {
        return step.record(MAINTENANCE, "maintenance mode of " + on.domain() + " on " + on.platform().name()
                        + " (server " + on.web().name() + ")",
                new Maintenance(on.site().id(), on.domain(), on.platform().id(), on.site().dbServiceId()));
    }

    JournalEntry placement(TaskRun.StepContext step, long siteId, SiteRecords.Placement before, String platformName) {
        return step.record(PLACEMENT, "the site's record (it was " + before.domain() + " on " + platformName
                        + " with the database " + before.dbName() + ")",
                new Placement(siteId, before.domain(), before.platformId(), before.dbServiceId(), before.dbName(),
                        before.dbUser(), before.dbPasswordEnc()));
    }

    JournalEntry credentials(TaskRun.StepContext step, long siteId, DbCredentials previous) {
        return step.record(CREDENTIALS, "the site's stored database credentials (" + (previous == null ? "none"
                        : "were " + previous.database()) + ")",
                previous == null ? new Credentials(siteId, null, null, null)
                        : new Credentials(siteId, previous.database(), previous.user(),
                        operations.encrypt(previous.password())));
    }

    JournalEntry settings(TaskRun.StepContext step, SiteContext on, String directory, DbCredentials previous) {
        return step.record(SETTINGS, "settings.php in " + directory + " on " + on.web().name() + " (it named "
                        + previous.database() + ")",
                new Settings(on.site().id(), on.domain(), on.platform().id(), on.site().dbServiceId(), directory,
                        previous.database(), previous.user(), operations.encrypt(previous.password())));
    }

    JournalEntry packages(TaskRun.StepContext step, long siteId, String domain) {
        return step.record(PACKAGES, "the packages recorded for " + domain,
                new Packages(siteId, operations.recordedPackages(siteId)));
    }

    JournalEntry swap(TaskRun.StepContext step, SiteContext on, String aside, String restored) {
        return step.record(SWAP, "the site directory " + on.layout().siteDirectory() + " on " + on.web().name()
                        + " (the previous one kept as " + aside + ")",
                new Swap(on.web().id(), on.layout().siteDirectory(), aside, restored));
    }

    JournalEntry cloneRecord(TaskRun.StepContext step, String domain, long platformId) {
        return step.record(CLONE_RECORD, "the record of the clone " + domain, new CloneRecord(domain, platformId));
    }

    /** Journals an archive about to get its final name; the step keeps the entry once the archive is recorded. */
    JournalEntry archive(TaskRun.StepContext step, PendingArchive.FinalName name) {
        return step.record(ARCHIVE, "the backup archive " + name.describe() + " (until it is recorded)",
                new Archive(name));
    }

    JournalEntry status(TaskRun.StepContext step, SiteContext site) {
        return status(step, site, site.site().status());
    }

    /** The site's status as it is now, which a context placed elsewhere (a clone's) does not carry. */
    JournalEntry status(TaskRun.StepContext step, SiteContext site, SiteStatus previous) {
        return step.record(STATUS, "the status of " + site.domain() + " (was " + previous.name().toLowerCase() + ")",
                new Status(site.site().id(), previous));
    }

    /**
     * Journals the site's certificate record as it is, before a step may store a new certificate over it (a
     * migrate to a new domain gets one for that domain): the undo puts the record back, so a site rolled back onto
     * its old domain is recorded with the certificate its old vhost serves.
     */
    JournalEntry certificate(TaskRun.StepContext step, SiteContext site) {
        CertificateStore.Snapshot previous = certificates.snapshot(site.site().id());
        return step.record(CERTIFICATE, "the certificate record of " + site.domain() + " (before: " + describe(previous)
                + ")", new CertificateRecord(site.site().id(), site.domain(), previous));
    }

    /**
     * Journals a certificate the step may get for {@code site}: the ACME order before the CA may issue it, and the
     * chain as soon as it is issued (before it is stored or put on a web server), so a rollback, here or on the node
     * that recovers the task, revokes that certificate and no other.
     */
    SiteCertificates.Obtained obtainedCertificates(TaskRun.StepContext step, SiteContext site) {
        String domain = site.domain();
        return new SiteCertificates.Obtained() {
            @Override
            public void ordered(List<String> names, String directory, String orderUrl) {
                step.record(CERTIFICATE_ORDER, "the ACME order " + orderUrl + " for " + String.join(", ", names)
                                + " (the certificate it issues)",
                        new CertificateOrder(domain, names, directory, orderUrl, null)).done();
            }

            @Override
            public void issued(List<String> names, String directory, String orderUrl, String chainPem) {
                step.record(CERTIFICATE_ORDER, "the certificate for " + String.join(", ", names) + " (serial "
                                + AcmeIssuer.leaf(chainPem).getSerialNumber().toString(16) + ") from " + directory,
                        new CertificateOrder(domain, names, directory, orderUrl, chainPem)).done();
            }
        };
    }

    private static String describe(CertificateStore.Snapshot snapshot) {
        CertificateStore.Stored certificate = snapshot.certificate();
        return certificate == null ? "none" : "the one for " + String.join(", ", certificate.names())
                + ", serial " + certificate.serial();
    }

    /** Takes back one journaled change; throws when it could not, so the entry is reported as left. */
    void undo(TaskRun run, JournalEntry entry) {
        TaskLogger log = run.log();
        switch (entry.kind()) {
            case DATABASE -> {
                Database data = entry.data(Database.class);
                var db = operations.db(data.dbServiceId());
                db.deprovision(new DbCredentials(db.service().type(), data.database(), data.user(), null,
                        db.service().host(), db.service().port()), data.clientHosts());
                log.ok("Database " + data.database() + " and user " + data.user() + " removed from "
                        + db.service().host());
            }
            case DIRECTORY -> {
                Directory data = entry.data(Directory.class);
                if (data.dump() != null) {
                    deleteDump(Path.of(data.dump()));
                }
                deployer.removeDirectory(new DeployTarget(operations.shell(data.webServerId()),
                        new SiteLayout(data.docroot(), data.domain()), data.directory(), null, List.of()), log);
            }
            case ALIAS -> {
                Alias data = entry.data(Alias.class);
                if (data.previous() == null) {
                    operations.removeAlias(data.domain(), log);
                } else {
                    operations.writeAliasFile(data.domain(), data.previous());
                    log.ok("The previous drush alias of " + data.domain() + " is back");
                }
            }
            case VHOST -> undoVhost(entry.data(Vhost.class), log);
            case MAINTENANCE -> {
                Maintenance data = entry.data(Maintenance.class);
                operations.maintenance(operations.contextAt(data.siteId(), data.domain(), data.platformId(),
                        data.dbServiceId()), false, log);
            }
            case PLACEMENT -> {
                Placement data = entry.data(Placement.class);
                records.restore(data.siteId(), new SiteRecords.Placement(data.domain(), data.platformId(),
                        data.dbServiceId(), data.dbName(), data.dbUser(), data.dbPasswordEnc(), null, false));
                log.ok("The site's record names " + data.domain() + " with the database " + data.dbName() + " again");
            }
            case CREDENTIALS -> {
                Credentials data = entry.data(Credentials.class);
                operations.storeEncryptedCredentials(data.siteId(), data.dbName(), data.dbUser(), data.dbPasswordEnc());
                log.ok(data.dbName() == null ? "The site's record names no database again"
                        : "The site's record names the database " + data.dbName() + " again");
            }
            case SETTINGS -> {
                Settings data = entry.data(Settings.class);
                SiteContext at = operations.contextAt(data.siteId(), data.domain(), data.platformId(),
                        data.dbServiceId());
                DbCredentials previous = operations.credentials(data.dbServiceId(), data.dbName(), data.dbUser(),
                        data.dbPasswordEnc());
                operations.writeSettings(at, previous, data.directory(), log);
                log.ok("settings.php names the previous database " + data.dbName() + " again");
            }
            case PACKAGES -> {
                Packages data = entry.data(Packages.class);
                operations.recordPackages(data.siteId(), data.previous());
                log.ok("The site's recorded packages are those from before the task again");
            }
            case SWAP -> {
                Swap data = entry.data(Swap.class);
                operations.shell(data.webServerId()).run(Command.script(SWAP_BACK, data.siteDirectory(), data.aside(),
                        data.restored()), log, MOVE_TIMEOUT).orThrow("Moving the site directories back");
                log.ok("The previous site directory is " + data.siteDirectory() + " again");
            }
            case CLONE_RECORD -> {
                CloneRecord data = entry.data(CloneRecord.class);
                if (records.removeQueuedClone(data.domain(), data.platformId())) {
                    log.ok("The record of " + data.domain() + " is removed");
                } else {
                    log.info("No record of " + data.domain() + " was made");
                }
            }
            case STATUS -> {
                Status data = entry.data(Status.class);
                operations.setStatus(data.siteId(), data.previous());
                log.ok("The site is " + data.previous().name().toLowerCase() + " again");
            }
            case CERTIFICATE -> {
                CertificateRecord data = entry.data(CertificateRecord.class);
                certificates.restore(data.siteId(), data.previous());
                log.ok("The certificate record of " + data.domain() + " is as before the task: "
                        + describe(data.previous()));
            }
            case CERTIFICATE_ORDER -> {
                CertificateOrder data = entry.data(CertificateOrder.class);
                if (data.chainPem() == null && issuedLater(run.journal(), entry, data.orderUrl())) {
                    log.info("The certificate of the order " + data.orderUrl() + " is taken back with its own entry");
                } else {
                    certificates.revokeObtained(data.domain(), data.directory(), data.orderUrl(), data.chainPem(), log);
                }
            }
            case ARCHIVE -> {
                Archive data = entry.data(Archive.class);
                List<String> removed = backups.discardUncommitted(data.name());
                if (removed.isEmpty()) {
                    log.info("No archive " + data.name().describe() + " was left");
                } else {
                    log.ok("Removed the unrecorded archive " + String.join(", ", removed) + " from "
                            + data.name().directory());
                }
            }
            default -> throw new IllegalStateException("No undo for the journal entry kind '" + entry.kind() + "'");
        }
    }

    /** Whether the journal holds, after {@code order}, the entry of the certificate that order issued. */
    private static boolean issuedLater(List<JournalEntry> journal, JournalEntry order, String orderUrl) {
        return journal.stream().filter(e -> e.seq() > order.seq() && CERTIFICATE_ORDER.equals(e.kind()))
                .map(e -> e.data(CertificateOrder.class))
                .anyMatch(e -> e.chainPem() != null && orderUrl.equals(e.orderUrl()));
    }

    private void undoVhost(Vhost data, TaskLogger log) {
        HttpDriver http = operations.http(data.webServerId());
        if (data.previousSite() != null) {
            http.writeSiteVhost(data.previousSite(), log);
        } else if (data.previousDisabled() != null) {
            http.writeDisabledVhost(data.previousDisabled(), log);
        } else {
            if (Files.exists(http.masterCopy(data.domain()))) {
                http.removeVhost(data.domain(), log);
            } else {
                log.info("No vhost of " + data.domain() + " is left (none was written, or the web server refused it)");
            }
            // a new vhost's certificate files (a migrate's or a clone's) go with it, also when the web server refused
            // the vhost after the files were put there: no private key is left behind
            http.removeCertificate(data.domain(), log);
        }
    }

    /**
     * Removes a copy of a site that a task left behind on purpose until its point of no return; the site
     * serves from its new copy, so each failure is a warning naming what to remove by hand, and where.
     */
    void removeOldCopy(OldCopy old, TaskLogger log) {
        if (old.directory() != null && old.webServerId() != null) {
            String where = " on " + operations.serverName(old.webServerId());
            SiteOperations.removeOrWarn("the old site directory " + old.directory() + where,
                    () -> deployer.removeDirectory(new DeployTarget(operations.shell(old.webServerId()),
                            new SiteLayout(old.docroot(), old.domain()), old.directory(), null, List.of()), log), log);
        }
        if (old.database() != null && old.dbServiceId() != null) {
            SiteOperations.removeOrWarn("the old database " + old.database() + " and user " + old.user()
                    + " (db service " + old.dbServiceId() + ")", () -> {
                        var db = operations.db(old.dbServiceId());
                        db.deprovision(new DbCredentials(db.service().type(), old.database(), old.user(), null,
                                db.service().host(), db.service().port()), old.clientHosts());
                        log.ok("Database " + old.database() + " and user " + old.user() + " removed from "
                                + db.service().host());
                    }, log);
        }
        if (old.removeVhost() && old.webServerId() != null) {
            SiteOperations.removeOrWarn("the vhost of " + old.domain() + " on "
                    + operations.serverName(old.webServerId()), () -> {
                        HttpDriver http = operations.http(old.webServerId());
                        if (Files.exists(http.masterCopy(old.domain()))) {
                            http.removeVhost(old.domain(), log);
                        }
                        http.removeCertificate(old.domain(), log);
                    }, log);
        }
        if (old.removeAlias()) {
            SiteOperations.removeOrWarn("the drush alias of " + old.domain(),
                    () -> operations.removeAlias(old.domain(), log), log);
        }
    }

    private static void deleteDump(Path dump) {
        try {
            Files.deleteIfExists(dump);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete the unpacked database dump " + dump, e);
        }
    }

    /** The point of no return's data, or an error naming what the journal lacks. */
    static <T> T pointData(List<JournalEntry> journal, Class<T> type) {
        return journal.stream().filter(JournalEntry::isPointOfNoReturn).findFirst()
                .orElseThrow(() -> new IllegalStateException("The journal has no point of no return"))
                .data(type);
    }
}
