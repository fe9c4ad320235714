package dev.bosun.site.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import dev.bosun.BosunProperties;
import dev.bosun.TaskFiles;
import dev.bosun.account.ClientScope;
import dev.bosun.drupal.DrupalSettings;
import dev.bosun.drupal.DrushAlias;
import dev.bosun.drupal.DrushCommand;
import dev.bosun.drupal.DrushCommands;
import dev.bosun.drupal.DrushOutput;
import dev.bosun.drupal.InstalledExtension;
import dev.bosun.drupal.SiteDatabase;
import dev.bosun.drupal.SiteLayout;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformService;
import dev.bosun.platform.SitePackage;
import dev.bosun.secret.SecretBox;
import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DatabaseDrivers;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbType;
import dev.bosun.server.DisabledVhost;
import dev.bosun.server.HttpDriver;
import dev.bosun.server.HttpDrivers;
import dev.bosun.server.LineSink;
import dev.bosun.server.ProcessTags;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerService;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.server.Shells;
import dev.bosun.server.SiteVhost;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.server.TrackedShell;
import dev.bosun.site.SiteAlias;
import dev.bosun.site.SiteQueries;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteSummary;
import dev.bosun.task.TaskJournalLine;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import org.springframework.stereotype.Component;

/**
 * The building blocks of site tasks, each in one place: the site's context, its database
 * credentials (stored encrypted), settings.php, the drush alias, vhosts, drush calls, the login link
 * and the package rescan.
 */
@Component
class SiteOperations {

    static final Duration DRUSH_TIMEOUT = Duration.ofMinutes(30);
    static final Duration SHORT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration SERVING_WAIT = Duration.ofSeconds(10);
    private static final Duration SERVING_POLL = Duration.ofMillis(250);
    /**
     * Drupal leaves a site directory 0555 and its settings.php 0444 (as do the backups of such a site): both are
     * made writable for their owner (the web server's SSH user, who owns them) before settings.php is rewritten,
     * and get their modes back after. Prints the modes found ("-" for what does not exist yet).
     */
    private static final String WRITABLE_SETTINGS = "d=$(stat -c %a -- \"$1\" 2>/dev/null || echo -); "
            + "f=$(stat -c %a -- \"$1/settings.php\" 2>/dev/null || echo -); echo \"$d $f\"; "
            + "[ ! -d \"$1\" ] || chmod u+w -- \"$1\"; [ ! -f \"$1/settings.php\" ] || chmod u+w -- \"$1/settings.php\"";
    /** Puts back the modes {@link #WRITABLE_SETTINGS} found: $2 of the directory, $3 of settings.php. */
    private static final String RESTORE_MODES = "[ \"$3\" = - ] || chmod -- \"$3\" \"$1/settings.php\"; "
            + "[ \"$2\" = - ] || chmod -- \"$2\" \"$1\"";
    /**
     * $1 the platform's sites folder, $2 the domain: the names of the restore and previous-copy folders beside the
     * site's, and whether the site directory itself is there ("site" on the first line).
     */
    private static final String LIST_RESTORE_FOLDERS = "[ -d \"$1/$2\" ] && echo site; "
            + "for d in \"$1\"/.\"$2\".restore-* \"$1\"/.\"$2\".previous-*; do "
            + "[ -d \"$d\" ] && [ ! -L \"$d\" ] && printf '%s\\n' \"${d##*/}\"; done; exit 0";

    private final SiteQueries sites;
    private final PlatformService platforms;
    private final PackageRegistry packages;
    private final ServerService servers;
    private final Shells shells;
    private final HttpDrivers httpDrivers;
    private final DatabaseDrivers dbDrivers;
    private final SecretBox secrets;
    private final BosunProperties properties;
    private final SiteRepository records;
    private final TaskQueries tasks;
    private final SiteCertificates certificates;
    private final ProcessTags processTags;
    /** The task the current thread runs ({@link #inTask}): the shells and drivers of its contexts track under it. */
    private final ThreadLocal<Long> runningTask = new ThreadLocal<>();

    SiteOperations(SiteQueries sites, PlatformService platforms, PackageRegistry packages, ServerService servers,
                   Shells shells, HttpDrivers httpDrivers, DatabaseDrivers dbDrivers, SecretBox secrets,
                   BosunProperties properties, SiteRepository records, TaskQueries tasks,
                   SiteCertificates certificates, ProcessTags processTags) {
        this.tasks = tasks;
        this.processTags = processTags;
        this.certificates = certificates;
        this.sites = sites;
        this.platforms = platforms;
        this.packages = packages;
        this.servers = servers;
        this.shells = shells;
        this.httpDrivers = httpDrivers;
        this.dbDrivers = dbDrivers;
        this.secrets = secrets;
        this.properties = properties;
        this.records = records;
    }

    SiteContext context(long siteId) {
        SiteSummary site = sites.get(siteId, ClientScope.ALL);
        return context(site, sites.aliases(siteId));
    }

    /**
     * The site placed elsewhere: under {@code domain} on {@code platformId} with its database on
     * {@code dbServiceId} (a migrate's target), or as the new site {@code siteId} (a clone), with those aliases.
     */
    SiteContext placed(SiteSummary site, long siteId, String domain, long platformId, long dbServiceId,
                       List<SiteAlias> aliases) {
        Platform platform = platforms.get(platformId);
        String dbServer = servers.dbService(dbServiceId).map(db -> servers.get(db.serverId()).name())
                .orElseThrow(() -> new IllegalArgumentException("There is no database server " + dbServiceId + "."));
        SiteSummary moved = new SiteSummary(siteId, domain, site.status(), platform.id(), platform.name(),
                platform.serverId(), dbServiceId, dbServer, site.clientId(), site.clientName(), site.profile(),
                site.language(), site.createdAt(), site.installedAt(), null, false);
        return context(moved, aliases);
    }

    /**
     * Runs {@code work} (a site task's steps) as task {@code taskId}: the contexts built meanwhile on this thread
     * run their commands on the web server, and their dumps and imports on the master, tracked under the task's
     * tag ({@link ProcessTags#ofTask}), so that {@link #stopTaskProcesses} can stop them after this panel died.
     */
    void inTask(long taskId, TaskWork work) throws Exception {
        Long outer = runningTask.get();
        runningTask.set(taskId);
        try {
            work.run();
        } finally {
            if (outer == null) {
                runningTask.remove();
            } else {
                runningTask.set(outer);
            }
        }
    }

    @FunctionalInterface
    interface TaskWork {
        void run() throws Exception;
    }

    /**
     * Stops what task {@code taskId} left running (an import, a dump, {@code drush updatedb}, a tar): every
     * process group tracked under the task's tags ({@link ProcessTags#toStopForTask}: this panel's tag of the task,
     * then the legacy {@code task-<id>} of processes started before the upgrade) on the web servers of
     * {@code sites} (the site's own context, and for a migrate or clone also the target's) and on the master, where
     * dumps and imports run. TERM first, then KILL after {@link TrackedProcesses#STOP_GRACE}; the pid files go.
     * Called before the task's undo, from any node of this panel. A server that cannot be reached is a warning in
     * {@code log}, the others are still stopped.
     *
     * @param taskId the interrupted task's id
     * @param sites  the contexts whose web servers the task ran commands on; a server named twice is asked once
     * @param log    where each stopped process group is reported
     * @return how many process groups were stopped
     */
    int stopTaskProcesses(long taskId, Collection<SiteContext> sites, TaskLogger log) {
        Map<String, Shell> targets = new LinkedHashMap<>();
        sites.forEach(context -> targets.putIfAbsent(context.web().name(), context.shell()));
        return stopTracked(taskId, targets, log);
    }

    private int stopTracked(long taskId, Map<String, Shell> targets, TaskLogger log) {
        List<String> tags = processTags.toStopForTask(taskId);
        String legacy = TrackedProcesses.legacyTaskTag(taskId);
        Shell master = shells.local();
        if (targets.values().stream().noneMatch(Shell::isLocal)) {
            targets.put(master.serverName(), master);
        }
        int stopped = 0;
        for (Shell shell : targets.values()) {
            try {
                for (String tag : tags) {
                    // what a task running across the upgrade started before it (docs/adr/0034)
                    String under = tag.equals(legacy) ? " (legacy tag " + tag + ")" : "";
                    for (TrackedProcesses.Stopped group : shell.stopTracked(tag, TrackedProcesses.STOP_GRACE)) {
                        log.ok((group.partialFile() ? "Removed " + group + " left by task "
                                : "Stopped " + group + " left running by task ") + taskId + under + " on "
                                + shell.serverName());
                        stopped++;
                    }
                }
            } catch (RuntimeException failed) {
                log.warning("Could not stop the processes of task " + taskId + " on " + shell.serverName() + ": "
                        + failed.getMessage());
            }
        }
        return stopped;
    }

    /**
     * Removes the working folders that restores of this site left beside its site directory when their task is no
     * longer queued or processing (a panel that died mid-restore could not remove them): the unpacked copy
     * ({@code sites/.<domain>.restore-<task id>}) always, the previous copy ({@code sites/.<domain>.previous-<task
     * id>}) only when that task's journal passed its point of no return (the restored copy served) and the site
     * directory is there, so the only copy of a site that is not serving is never removed. Run before a site task's
     * steps; a failure is only logged.
     */
    void removeLeftoverFolders(SiteContext context, long taskId, TaskLogger log) {
        String sites = context.layout().docrootPath() + "/sites";
        try {
            CommandResult found = context.shell().run(Command.script(LIST_RESTORE_FOLDERS, sites, context.domain()),
                    LineSink.NONE, SHORT_TIMEOUT);
            List<String> lines = found.stdout().lines().toList();
            boolean siteThere = lines.contains("site");
            for (String name : lines) {
                OptionalLong owner = leftoverOwner(context.domain(), name, taskId, siteThere);
                if (owner.isPresent()) {
                    context.shell().run(Command.script(SiteDeployer.REMOVE_DIRECTORY, sites + "/" + name),
                            LineSink.of(log), SHORT_TIMEOUT).orThrow("Removing " + sites + "/" + name);
                    log.ok("Removed " + sites + "/" + name + ", which the " + (name.contains(".previous-")
                            ? "finished" : "interrupted") + " task " + owner.getAsLong() + " left");
                }
            }
        } catch (RuntimeException failed) {
            log.info("Leftover restore folders of " + context.domain() + " not checked: " + failed.getMessage());
        }
    }

    /** The task that left folder {@code name}, when it may go (see {@link #removeLeftoverFolders}). */
    private OptionalLong leftoverOwner(String domain, String name, long taskId, boolean siteThere) {
        String restore = "." + domain + ".restore-";
        String previous = "." + domain + ".previous-";
        boolean isPrevious = name.startsWith(previous);
        if (!name.startsWith(restore) && !isPrevious) {
            return OptionalLong.empty();
        }
        String id = name.substring(isPrevious ? previous.length() : restore.length());
        if (!id.matches("\\d{1,18}") || Long.parseLong(id) == taskId || live(Long.parseLong(id))) {
            return OptionalLong.empty();
        }
        long owner = Long.parseLong(id);
        if (isPrevious && !(siteThere && tasks.journal(owner).stream().anyMatch(TaskJournalLine::pointOfNoReturn))) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(owner);
    }

    private boolean live(long taskId) {
        return tasks.status(taskId).map(status -> status == TaskStatus.QUEUED || status == TaskStatus.PROCESSING)
                .orElse(false);
    }

    private SiteContext context(SiteSummary site, List<SiteAlias> aliases) {
        Platform platform = platforms.get(site.platformId());
        ServerInfo web = servers.get(platform.serverId());
        Long task = runningTask.get();
        DatabaseDriver db = task == null ? dbDrivers.forService(site.dbServiceId())
                : dbDrivers.forService(site.dbServiceId(), processTags.ofTask(task));
        Shell shell = task == null ? shells.forServer(web)
                : TrackedShell.of(shells.forServer(web), processTags.ofTask(task));
        return new SiteContext(site, aliases, platform, web, shell,
                httpDrivers.forServer(web.id()), db, new SiteLayout(platform.docrootPath(), site.domain()),
                DrushCommands.forSite(platform.drushExecutable(), platform.docrootPath(), SiteContext.uri(site)));
    }

    /**
     * The site {@code siteId} as placed under {@code domain} on {@code platformId} with its database on
     * {@code dbServiceId}: where a journal entry says it was, whatever its record says now.
     */
    SiteContext contextAt(long siteId, String domain, long platformId, long dbServiceId) {
        return placed(sites.get(siteId, ClientScope.ALL), siteId, domain, platformId, dbServiceId,
                sites.aliases(siteId));
    }

    HttpDriver http(long webServerId) {
        return httpDrivers.forServer(webServerId);
    }

    DatabaseDriver db(long dbServiceId) {
        return dbDrivers.forService(dbServiceId);
    }

    Shell shell(long serverId) {
        return shells.forServer(serverId);
    }

    String serverName(long serverId) {
        return servers.get(serverId).name();
    }

    String encrypt(String secret) {
        return secret == null ? null : secrets.encrypt(secret);
    }

    /** Stores credentials exactly as journaled (the password still encrypted), or none. */
    void storeEncryptedCredentials(long siteId, String database, String user, String passwordEnc) {
        Site site = records.require(siteId);
        site.storeCredentials(database, user, passwordEnc);
        records.save(site);
    }

    /** Credentials as journaled, the password decrypted. */
    DbCredentials credentials(long dbServiceId, String database, String user, String passwordEnc) {
        var service = dbDrivers.forService(dbServiceId).service();
        return new DbCredentials(service.type(), database, user, passwordEnc == null ? null
                : secrets.decrypt(passwordEnc), service.host(), service.port());
    }

    /**
     * Stops the tracked remote processes of task {@code taskId} on the web server of site {@code siteId} (when it
     * still exists), on the web servers of {@code platformIds} (a migrate's or clone's target) and on the master:
     * {@link #stopTaskProcesses(long, Collection, TaskLogger)} for a task whose node stopped.
     */
    int stopTaskProcesses(long taskId, long siteId, Collection<Long> platformIds, TaskLogger log) {
        List<SiteContext> contexts = new ArrayList<>();
        try {
            contexts.add(context(siteId));
        } catch (RuntimeException gone) {
            log.info("Site " + siteId + " has no record any more; its processes are looked for on the master and "
                    + "the target's server only");
        }
        Map<String, Shell> targets = new LinkedHashMap<>();
        contexts.forEach(context -> targets.putIfAbsent(context.web().name(), context.shell()));
        for (Long platformId : platformIds) {
            if (platformId == null) {
                continue;
            }
            try {
                ServerInfo web = servers.get(platforms.get(platformId).serverId());
                targets.putIfAbsent(web.name(), shells.forServer(web));
            } catch (RuntimeException gone) {
                log.warning("Platform " + platformId + " cannot be read, so its server was not searched for processes "
                        + "of task " + taskId + ": " + gone.getMessage());
            }
        }
        return stopTracked(taskId, targets, log);
    }

    /** The site's stored database credentials, when it has them. */
    DbCredentials credentials(SiteContext context) {
        Site stored = records.require(context.site().id());
        if (stored.getDbName() == null || stored.getDbUser() == null || stored.getDbPasswordEnc() == null) {
            return null;
        }
        var service = context.db().service();
        return new DbCredentials(service.type(), stored.getDbName(), stored.getDbUser(),
                secrets.decrypt(stored.getDbPasswordEnc()), service.host(), service.port());
    }

    void storeCredentials(long siteId, DbCredentials credentials) {
        Site site = records.require(siteId);
        if (credentials == null) {
            site.storeCredentials(null, null, null);
        } else {
            site.storeCredentials(credentials.database(), credentials.user(), secrets.encrypt(credentials.password()));
        }
        records.save(site);
    }

    List<String> clientHosts(SiteContext context) {
        return dbDrivers.clientHosts(context.db().service(), context.web());
    }

    /** Runs a command on the site's web server, logged and streamed; fails the step on a non-zero exit. */
    CommandResult run(SiteContext context, List<String> args, TaskLogger log, Duration timeout, String what) {
        return context.shell().run(Command.of(args), log, timeout).orThrow(what);
    }

    /**
     * Runs drush with its output streamed to the log. drush site:install prints the password it
     * generated for the admin account; that password is made a secret before its line is logged.
     * A web server without PHP fails with a message that says so.
     */
    CommandResult drush(SiteContext context, DrushCommand command, TaskLogger log) {
        log.info("$ drush " + String.join(" ", command.args().subList(1, command.args().size())));
        LineSink output = line -> {
            DrushOutput.generatedPassword(line).ifPresent(log::secret);
            log.output(line);
        };
        CommandResult result = context.shell().run(Command.of(command.args()), output, DRUSH_TIMEOUT);
        if (DrushOutput.phpMissing(result.exitCode(), result.stderr() + "\n" + result.stdout())) {
            throw new ShellException(DrushOutput.phpNeeded(context.web().name()));
        }
        return result.orThrow("drush " + command.purpose());
    }

    void writeSettings(SiteContext context, DbCredentials credentials, TaskLogger log) {
        writeSettings(context, credentials, context.layout().siteDirectory(), log);
    }

    /**
     * Writes the site's settings.php into {@code directory}: the site directory, or a new copy of it that
     * is about to take its place (the paths inside always name the site directory).
     */
    void writeSettings(SiteContext context, DbCredentials credentials, String directory, TaskLogger log) {
        log.secret(credentials.password());
        SiteDatabase database = credentials.type() == DbType.POSTGRESQL
                ? SiteDatabase.pgsql(credentials.host(), credentials.port(), credentials.database(), credentials.user(),
                credentials.password())
                : SiteDatabase.mysql(credentials.host(), credentials.port(), credentials.database(), credentials.user(),
                credentials.password());
        String salt = DrupalSettings.hashSalt(secrets.derivedKey("drupal-hash-salt"), context.domain());
        String php = new DrupalSettings(context.layout(), database, salt, context.hostnames()).render();
        String file = directory + "/settings.php";
        String[] modes = run(context, Command.script(WRITABLE_SETTINGS, directory).args(), log, SHORT_TIMEOUT,
                "make settings.php writable").stdout().strip().split(" ");
        try {
            push(context, php, file);
        } finally {
            if (modes.length == 2 && modes[0].matches("[0-7]{3,4}|-") && modes[1].matches("[0-7]{3,4}|-")) {
                run(context, Command.script(RESTORE_MODES, directory, modes[0], modes[1]).args(), log, SHORT_TIMEOUT,
                        "give the site directory and settings.php their modes back");
            }
        }
        log.ok("settings.php written: " + file);
    }

    void createSiteDirectory(SiteContext context, TaskLogger log) {
        run(context, context.layout().createDirectoriesCommand(), log, SHORT_TIMEOUT, "create the site directory");
    }

    /** Removes the site directory, made writable first: Drupal leaves it 0555 and a restore gives that mode back. */
    void removeSiteDirectory(SiteContext context, TaskLogger log) {
        run(context, Command.script(SiteDeployer.REMOVE_DIRECTORY, context.layout().siteDirectory()).args(), log,
                SHORT_TIMEOUT, "remove the site directory");
    }

    Path aliasFile(String domain) {
        return properties.homeDir().resolve("drush").resolve(DrushAlias.fileName(domain));
    }

    void writeAlias(SiteContext context, TaskLogger log) {
        ServerInfo web = context.web();
        String yaml = DrushAlias.render(context.domain(), context.uri(), context.platform().docrootPath(),
                context.platform().drushExecutable(), web.master() ? null : web.hostname(),
                web.master() ? null : web.sshUser(), web.port());
        write(aliasFile(context.domain()), yaml);
        log.ok("drush alias written: " + DrushAlias.alias(context.domain()));
    }

    /** Writes a drush alias file back as it was read. */
    void writeAliasFile(String domain, String content) {
        write(aliasFile(domain), content);
    }

    void removeAlias(String domain, TaskLogger log) {
        try {
            if (Files.deleteIfExists(aliasFile(domain))) {
                log.ok("drush alias removed");
            } else {
                log.info("drush alias already gone");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove the drush alias " + aliasFile(domain), e);
        }
    }

    SiteVhost siteVhost(SiteContext context) {
        List<String> serve = context.aliases().stream().filter(a -> !a.redirect()).map(SiteAlias::alias).toList();
        List<String> redirect = context.aliases().stream().filter(SiteAlias::redirect).map(SiteAlias::alias).toList();
        return new SiteVhost(context.domain(), serve, redirect, context.platform().docrootPath(),
                certificates.tls(context));
    }

    /** Writes the site's vhost; with HTTPS, its certificate's files go to the web server first. */
    void writeSiteVhost(SiteContext context, TaskLogger log) {
        SiteVhost vhost = siteVhost(context);
        if (vhost.tls() != null) {
            certificates.installFiles(context, log);
        }
        context.http().writeSiteVhost(vhost, log);
    }

    DisabledVhost disabledVhost(SiteContext context) {
        return new DisabledVhost(context.domain(), context.aliases().stream().map(SiteAlias::alias).toList(),
                certificates.usable(context).isPresent());
    }

    /** Writes the disabled page's vhost, over HTTPS too when the site has a usable certificate. */
    void writeDisabledVhost(SiteContext context, TaskLogger log) {
        DisabledVhost vhost = disabledVhost(context);
        if (vhost.tls()) {
            certificates.installFiles(context, log);
        }
        context.http().writeDisabledVhost(vhost, log);
    }

    /**
     * Gets the site a certificate when HTTPS is on and it needs one ({@link SiteCertificates#ensure}); a new one is
     * put to use at once (vhost written, tested, reloaded). A failure is an error line; the site keeps serving.
     */
    void ensureCertificate(SiteContext context, TaskLogger log) {
        ensureCertificate(context, true, log);
    }

    /** {@link #ensureCertificate(SiteContext, TaskLogger)}, a failure a warning unless {@code failureIsError}. */
    void ensureCertificate(SiteContext context, boolean failureIsError, TaskLogger log) {
        ensureCertificate(context, failureIsError, SiteCertificates.Obtained.UNJOURNALED, log);
    }

    /** As above, a new certificate's order and chain told to {@code obtained} (a task's journal). */
    void ensureCertificate(SiteContext context, boolean failureIsError, SiteCertificates.Obtained obtained,
                           TaskLogger log) {
        if (certificates.ensure(context, failureIsError, obtained, log)) {
            if (context.site().status() == SiteStatus.DISABLED) {
                writeDisabledVhost(context, log);
            } else {
                writeSiteVhost(context, log);
            }
        }
    }

    /**
     * Removes the site's certificate files from its web server (tolerating that they are gone), revokes an ACME
     * certificate at the CA (best effort: a failure is a warning) and forgets the records.
     */
    void removeCertificate(SiteContext context, TaskLogger log) {
        certificates.removeFiles(context, log);
        certificates.revoke(context, log);
        certificates.forget(context.site().id());
    }

    void copyHttpsSettings(long fromSiteId, long toSiteId) {
        certificates.copySettings(fromSiteId, toSiteId);
    }

    /**
     * Trusts a change to the web server only when the site answers: asks the site's web server for the platform's
     * check page ({@code /} by default) with the site's host name, as a visitor would, and expects 2xx or 3xx.
     * nginx reloads asynchronously, so a wrong answer is asked again for a few seconds before the step fails
     * with what was asked and what came back.
     */
    void confirmServing(SiteContext context, TaskLogger log) {
        if (!context.http().service().served()) {
            log.warning(context.domain() + " was not asked for a page: the web service of " + context.web().name()
                    + " is registered as not served (its vhosts are written to " + context.http().service().vhostDir()
                    + ", but no web server loads them). Install and start the web server to have the site served.");
            return;
        }
        String path = platforms.checkPath(context.platform().id());
        String asked = "GET " + path + " for " + context.domain() + " on " + context.web().name() + " (port "
                + context.http().service().port() + ")";
        long deadline = System.nanoTime() + SERVING_WAIT.toNanos();
        String last;
        while (true) {
            try {
                int status = context.http().answer(context.domain(), path);
                if (status >= 200 && status < 400) {
                    log.ok(context.domain() + " answers: " + asked + " gave HTTP " + status);
                    confirmServingHttps(context, path, log);
                    return;
                }
                last = "HTTP " + status;
            } catch (ShellException silent) {
                last = silent.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new SiteNotServingException(context.domain() + " does not answer: " + asked + " gave " + last
                        + " after " + SERVING_WAIT.toSeconds() + " s.");
            }
            pause();
        }
    }

    /** With HTTPS in use, the site must answer over TLS on the HTTPS port as well. */
    private void confirmServingHttps(SiteContext context, String path, TaskLogger log) {
        if (certificates.tls(context) == null) {
            return;
        }
        String asked = "GET " + path + " over HTTPS for " + context.domain() + " on " + context.web().name()
                + " (port " + context.http().service().httpsPort() + ")";
        long deadline = System.nanoTime() + SERVING_WAIT.toNanos();
        String last;
        while (true) {
            try {
                int status = context.http().answerHttps(context.domain(), path);
                if (status >= 200 && status < 400) {
                    log.ok(context.domain() + " answers: " + asked + " gave HTTP " + status);
                    return;
                }
                last = "HTTP " + status;
            } catch (ShellException silent) {
                last = silent.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new SiteNotServingException(context.domain() + " does not answer: " + asked + " gave " + last
                        + " after " + SERVING_WAIT.toSeconds() + " s.");
            }
            pause();
        }
    }

    /**
     * After a task's point of no return: asks the site for a page as {@link #confirmServing} does, and says the
     * truth in the log without rolling anything back: an error naming what does not answer (the task then ends
     * ERROR), or that it answers. Returns whether it answered (or was not to be asked).
     */
    boolean reportServing(SiteContext context, TaskLogger log) {
        try {
            confirmServing(context, log);
            return true;
        } catch (SiteNotServingException | ShellException notServing) {
            log.error(notServing.getMessage() + " The task had passed its point of no return, so nothing is rolled "
                    + "back: " + context.domain() + " stays on " + context.platform().name() + " (server "
                    + context.web().name() + "); check its web server and vhost, then run Verify.");
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SERVING_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SiteNotServingException("Interrupted while waiting for the site to answer");
        }
    }

    /** Raised when a site does not answer its web server's request after a change. */
    static final class SiteNotServingException extends RuntimeException {
        SiteNotServingException(String message) {
            super(message);
        }
    }

    /** Maintenance mode on or off through drush ({@code state:set system.maintenance_mode}). */
    void maintenance(SiteContext context, boolean on, TaskLogger log) {
        drush(context, context.drush().maintenanceMode(on), log);
        log.ok(on ? context.domain() + " is in maintenance" : context.domain() + " is out of maintenance");
    }

    /** {@code drush updatedb} with the drush of the site's platform. */
    void updateDatabase(SiteContext context, TaskLogger log) {
        drush(context, context.drush().updateDatabase(), log);
        log.ok("Database updates done with the drush of " + context.platform().name());
    }

    /**
     * {@code drush updatedb:status}: database updates the site's code has and its database has not run yet (the
     * schema behind the code). Pending ones are a warning naming them; the count is kept for the site page.
     */
    void checkPendingUpdates(SiteContext context, TaskLogger log) {
        var pending = DrushOutput.pendingUpdates(drush(context, context.drush().pendingUpdates(), log).stdout());
        Site site = records.require(context.site().id());
        site.recordPendingDatabaseUpdates(pending.size());
        records.save(site);
        if (pending.isEmpty()) {
            log.ok("No database updates pending");
            return;
        }
        log.warning(pending.size() + " database update(s) pending, the database schema is behind the code: "
                + String.join(", ", pending.stream().map(update -> update.module() + " " + update.updateId()).toList())
                + ". Run drush updatedb on the site (a migrate to its own platform runs it).");
    }

    void rebuildCaches(SiteContext context, TaskLogger log) {
        drush(context, context.drush().rebuildCaches(), log);
        log.ok("Caches rebuilt");
    }

    /**
     * A removal after a task's point of no return (the site already serves from its new copy): a failure
     * is a warning naming what to remove by hand, and the task goes on.
     */
    static void removeOrWarn(String what, Runnable removal, TaskLogger log) {
        try {
            removal.run();
        } catch (RuntimeException failed) {
            log.warning("Could not remove " + what + "; remove it by hand: " + failed.getMessage());
        }
    }

    /** Asks drush for a one-time login link and shows it on the site page ("Log in to"). */
    String loginLink(SiteContext context, TaskLogger log) {
        CommandResult result = drush(context, context.drush().loginLink(), log);
        String url = DrushOutput.loginUrl(result.stdout()).toString();
        Site site = records.require(context.site().id());
        site.offerLoginLink(url);
        records.save(site);
        log.ok("One-time login link ready on the site page");
        return url;
    }

    /** Records what is installed on the site: pm:list, the schema versions and core. */
    void rescanPackages(SiteContext context, TaskLogger log) {
        var extensions = DrushOutput.extensions(drush(context, context.drush().packages(), log).stdout());
        var schemas = DrushOutput.schemaVersions(drush(context, context.drush().schemaVersions(), log).stdout());
        var status = DrushOutput.status(drush(context, context.drush().status(), log).stdout());
        List<SitePackage> installed = InstalledExtension.combine(extensions, schemas, status.drupalVersion()).stream()
                .map(e -> new SitePackage(e.name(), e.type(), e.version(), e.schemaVersion(), e.enabled()))
                .toList();
        packages.recordSitePackages(context.site().id(), installed);
        log.ok("Packages recorded: " + installed.size());
    }

    /** What the registry has recorded as installed on the site, to be put back with {@link #recordPackages}. */
    List<SitePackage> recordedPackages(long siteId) {
        return packages.sitePackages(siteId);
    }

    void recordPackages(long siteId, List<SitePackage> installed) {
        packages.recordSitePackages(siteId, installed);
    }

    /** A rescan that cannot undo a task that otherwise worked: its failure is a warning. */
    void rescanPackagesOrWarn(SiteContext context, TaskLogger log) {
        try {
            rescanPackages(context, log);
        } catch (RuntimeException failed) {
            log.warning("Packages not recorded: " + failed.getMessage());
        }
    }

    void setStatus(long siteId, SiteStatus status) {
        Site site = records.require(siteId);
        site.enter(status);
        records.save(site);
    }

    /**
     * Writes a file on the site's web server: through a 0600 temporary file on the master (in the task's private
     * directory when a task runs), pushed.
     */
    private void push(SiteContext context, String content, String remotePath) {
        try {
            Path root = properties.homeDir().resolve("tmp");
            OptionalLong task = TrackedProcesses.taskOf(context.shell());
            Path tmp = task.isPresent() ? TaskFiles.taskDirectory(root, task.getAsLong())
                    : TaskFiles.privateDirectory(root);
            Path file = Files.createTempFile(tmp, "push", ".tmp",
                    java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            try {
                Files.writeString(file, content);
                context.shell().push(file, remotePath);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + remotePath, e);
        }
    }

    private static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
