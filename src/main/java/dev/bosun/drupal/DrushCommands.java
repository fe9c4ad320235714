package dev.bosun.drupal;

import java.util.ArrayList;
import java.util.List;

/**
 * Every drush call Bosun makes, built in one place (docs/drush-contract.md lists them with the output
 * Bosun parses). Each call names the platform's docroot ({@code --root}) and, for a site, its URI
 * ({@code --uri}); commands that change something carry {@code --yes}; output Bosun reads is
 * {@code --format=json}.
 */
public final class DrushCommands {

    /** The status fields Bosun reads; without --fields drush would also print the database password. */
    static final String STATUS_FIELDS = "drupal-version,drush-version,uri,db-driver,db-hostname,db-port,db-name,"
            + "db-status,bootstrap,install-profile,site,files,private,config-sync";
    static final String SCHEMA_QUERY = "echo json_encode(\\Drupal::service(\"update.update_hook_registry\")"
            + "->getAllInstalledVersions());";

    private final String drush;
    private final String docroot;
    private final String uri;

    private DrushCommands(String drush, String docroot, String uri) {
        this.drush = DrupalInput.absolutePath("drush path", drush);
        this.docroot = DrupalInput.absolutePath("docroot", docroot);
        this.uri = uri == null ? null : DrupalInput.uri(uri);
    }

    /** Calls on the platform itself, no site (drush's default site). */
    public static DrushCommands forPlatform(String drushExecutable, String docrootPath) {
        return new DrushCommands(drushExecutable, docrootPath, null);
    }

    /** Calls on one site of the platform, named by its URI ({@code https://example.com}). */
    public static DrushCommands forSite(String drushExecutable, String docrootPath, String uri) {
        return new DrushCommands(drushExecutable, docrootPath, uri);
    }

    /** {@code core:status} as JSON, limited to the fields Bosun reads. */
    public DrushCommand status() {
        return command("status", "core:status", "--fields=" + STATUS_FIELDS, "--format=json");
    }

    /**
     * {@code site:install PROFILE} into {@code sites/<domain>} whose settings.php Bosun wrote; drops the
     * tables of the database it names.
     */
    public DrushCommand siteInstall(String sitesSubdir, SiteInstallOptions options) {
        return command("install", "site:install", DrupalInput.machineName("profile", options.profile()), "--yes",
                "--sites-subdir=" + DrupalInput.domain(sitesSubdir),
                "--locale=" + DrupalInput.langcode(options.locale()),
                "--site-name=" + DrupalInput.text("site name", options.siteName()),
                "--site-mail=" + DrupalInput.mail(options.siteMail()),
                "--account-name=" + DrupalInput.text("account name", options.accountName()),
                "--account-mail=" + DrupalInput.mail(options.accountMail()));
    }

    /** Every module, theme and profile with its status and version, as JSON. */
    public DrushCommand packages() {
        return command("packages", "pm:list", "--type=module,theme,profile", "--format=json");
    }

    /** The installed schema version of every module, as a JSON object. */
    public DrushCommand schemaVersions() {
        return command("schema versions", "php:eval", SCHEMA_QUERY);
    }

    /** Runs pending database updates (hook_update_N, then post-updates) and rebuilds caches. */
    public DrushCommand updateDatabase() {
        return command("database updates", "updatedb", "--yes");
    }

    /** The pending database updates as JSON; nothing on stdout when there are none. */
    public DrushCommand pendingUpdates() {
        return command("pending updates", "updatedb:status", "--format=json");
    }

    /** A one-time login link for user 1, printed on stdout; no browser is opened. */
    public DrushCommand loginLink() {
        return command("login link", "user:login", "--uid=1", "--no-browser");
    }

    /** Runs the site's cron hooks and queues ({@code core:cron}); Bosun reads the exit code and keeps the output. */
    public DrushCommand cron() {
        return command("cron", "core:cron");
    }

    public DrushCommand maintenanceMode(boolean on) {
        return command(on ? "maintenance on" : "maintenance off", "state:set", "system.maintenance_mode",
                on ? "1" : "0", "--input-format=integer");
    }

    public DrushCommand rebuildCaches() {
        return command("cache rebuild", "cache:rebuild");
    }

    /**
     * Rewrites stored file paths after a site's directory changed ({@code sites/old/files/...} to
     * {@code sites/new/files/...}); {@code public://} URIs need no rewrite.
     */
    public DrushCommand rewriteFilePaths(String oldDomain, String newDomain) {
        String from = "sites/" + DrupalInput.domain(oldDomain) + "/files/";
        String to = "sites/" + DrupalInput.domain(newDomain) + "/files/";
        return command("file paths", "sql:query", "UPDATE file_managed SET uri = REPLACE(uri, '" + from + "', '" + to
                + "') WHERE uri LIKE '" + from + "%'");
    }

    private DrushCommand command(String purpose, String... commandAndOptions) {
        List<String> args = new ArrayList<>(List.of(drush, "--root=" + docroot));
        if (uri != null) {
            args.add("--uri=" + uri);
        }
        args.addAll(List.of(commandAndOptions));
        return new DrushCommand(purpose, args);
    }
}
