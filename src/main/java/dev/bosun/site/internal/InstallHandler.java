package dev.bosun.site.internal;

import dev.bosun.account.ClientService;
import dev.bosun.drupal.SiteInstallOptions;
import dev.bosun.server.DbCredentials;
import dev.bosun.site.SiteStatus;
import dev.bosun.site.SiteTaskType;
import dev.bosun.site.WelcomeMail;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Install: database and user → site directory → settings.php → drush site:install → drush alias
 * → vhost (pushed and reloaded) → one-time login link → welcome mail → packages. Each step that
 * creates something registers its undo, so a failed install leaves nothing behind.
 */
@Component
class InstallHandler extends SiteHandler {

    private final ClientService clients;
    private final WelcomeMail welcomeMail;

    InstallHandler(SiteOperations operations, ClientService clients, WelcomeMail welcomeMail) {
        super(operations, SiteTaskType.INSTALL);
        this.clients = clients;
        this.welcomeMail = welcomeMail;
    }

    @Override
    void run(TaskRun run, SiteContext context) throws Exception {
        long siteId = context.site().id();
        DbCredentials[] credentials = new DbCredentials[1];
        run.step("database", step -> {
            DbCredentials fresh = context.db().newCredentials(context.domain());
            step.secret(fresh.password());
            context.db().provision(fresh, operations.clientHosts(context));
            operations.storeCredentials(siteId, fresh);
            credentials[0] = fresh;
            step.ok("Database " + fresh.database() + " and user " + fresh.user() + " created on "
                    + context.db().service().host());
            step.undo(() -> {
                context.db().deprovision(fresh, operations.clientHosts(context));
                operations.storeCredentials(siteId, null);
            });
        });
        run.step("site directory", step -> {
            operations.createSiteDirectory(context, step);
            step.undo(() -> operations.removeSiteDirectory(context, run.log()));
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
            operations.writeAlias(context, step);
            step.undo(() -> operations.removeAlias(context.domain(), run.log()));
        });
        run.step("vhost", step -> {
            operations.writeSiteVhost(context, step);
            step.undo(() -> context.http().removeVhost(context.domain(), run.log()));
        });
        run.step("serving", step -> operations.confirmServing(context, step));
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
}
