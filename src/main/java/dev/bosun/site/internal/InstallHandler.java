package dev.bosun.site.internal;

import java.util.List;

import dev.bosun.account.ClientService;
import dev.bosun.drupal.SiteInstallOptions;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.WelcomeMail;
import dev.bosun.task.JournalEntry;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Install: database and user → site directory → settings.php → drush site:install → drush alias
 * → vhost (pushed and reloaded) → one-time login link → welcome mail → packages. Each step journals what
 * it creates before creating it, so a failed or interrupted install leaves nothing behind.
 * <p>
 * Point of no return: the end of "vhost", when the site is installed and served. After it a failure or an
 * interruption is carried forward: the site is ENABLED, a missing login link or welcome mail is a warning
 * (Login reset makes a link), the packages are rescanned.
 */
@Component
class InstallHandler extends SiteHandler {

    private final ClientService clients;
    private final WelcomeMail welcomeMail;

    InstallHandler(SiteOperations operations, SiteJournal journal, ClientService clients, WelcomeMail welcomeMail) {
        super(operations, journal, SiteTaskType.INSTALL);
        this.clients = clients;
        this.welcomeMail = welcomeMail;
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        long siteId = context.site().id();
        DbCredentials[] credentials = new DbCredentials[1];
        run.step("database", step -> {
            DeployTarget target = DeployTarget.siteDirectory(context.shell(), context.layout(), context.db(),
                    operations.clientHosts(context));
            DbCredentials fresh = context.db().newCredentials(context.domain());
            step.secret(fresh.password());
            JournalEntry database = journal.database(step, target, fresh);
            JournalEntry stored = journal.credentials(step, siteId, null);
            context.db().provision(fresh, target.clientHosts());
            database.done();
            operations.storeCredentials(siteId, fresh);
            stored.done();
            credentials[0] = fresh;
            step.ok("Database " + fresh.database() + " and user " + fresh.user() + " created on "
                    + context.db().service().host());
        });
        run.step("site directory", step -> {
            JournalEntry directory = journal.directory(step, context, context.layout().siteDirectory(), null);
            operations.createSiteDirectory(context, step);
            directory.done();
        });
        run.step("settings.php", step -> operations.writeSettings(context, credentials[0], step));
        run.step("drush site:install", step -> {
            String mail = clients.find(context.site().clientId()).map(c -> c.email()).orElse(null);
            String siteMail = mail != null ? mail : "admin@" + context.domain();
            operations.drush(context, context.drush().siteInstall(context.domain(), new SiteInstallOptions(
                    context.site().profile(), context.site().language(), context.domain(), siteMail, "admin",
                    siteMail)), step);
            step.ok("Drupal installed with the profile " + context.site().profile() + " (" + context.site().language() + ")");
        });
        run.step("drush alias", step -> {
            JournalEntry alias = journal.alias(step, context.domain());
            operations.writeAlias(context, step);
            alias.done();
        });
        run.step("vhost", step -> {
            JournalEntry vhost = journal.vhost(step, context, null, null);
            operations.writeSiteVhost(context, step);
            vhost.done();
        });
        run.step("serving", step -> operations.confirmServing(context, step));
        run.pointOfNoReturn(context.domain() + " is installed and served", new Installed(siteId));
        String[] link = new String[1];
        run.step("login link", step -> {
            link[0] = operations.loginLink(context, step);
            operations.setStatus(siteId, SiteStatus.ENABLED);
            step.ok(context.domain() + " is installed and enabled");
        });
        run.step("welcome mail", step -> welcomeMail.send(
                clients.find(context.site().clientId()).map(c -> c.email()).orElse(null), context.domain(), link[0],
                step));
        run.step("packages", step -> operations.rescanPackagesOrWarn(context, step));
    }

    /** What carrying an install forward needs: the site. */
    record Installed(long siteId) {
    }

    /** After the point of no return: the site ENABLED, its packages recorded; no link or mail is a warning. */
    @Override
    public void carryForward(TaskRun run, List<JournalEntry> entries) {
        SiteContext context = operations.context(SiteJournal.pointData(entries, Installed.class).siteId());
        if (context.site().status() != SiteStatus.ENABLED) {
            operations.setStatus(context.site().id(), SiteStatus.ENABLED);
            run.log().warning(context.domain() + " is installed and enabled, but without a one-time login link or "
                    + "welcome mail: run Login reset for a link");
        }
        operations.rescanPackagesOrWarn(context, run.log());
        if (operations.reportServing(context, run.log())) {
            run.log().ok(context.domain() + " is installed and enabled");
        }
    }
}
