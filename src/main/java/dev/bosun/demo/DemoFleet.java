package dev.bosun.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import dev.bosun.BosunProperties;
import dev.bosun.PanelAddress;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.settings.Feature;
import dev.bosun.site.CronSettings;
import dev.bosun.site.SiteCronService;
import dev.bosun.settings.SettingsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Profile {@code demo}: registers the local machine as server {@code master} with the demo's MariaDB (see
 * {@link DemoDatabase}) as its database service and nginx (a private instance on {@code bosun.demo.http-port}, or
 * none: vhosts written, not served), the example platforms, one client, turns Migrate, Clone and the Backup
 * manager on and runs the sites' cron every five minutes. Registers each once per panel database.
 */
@Component
@Profile("demo")
class DemoFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);
    private static final int DEMO_CRON_INTERVAL_SECONDS = 300;
    /** The config test and reload commands of a web service registered without nginx. */
    private static final String NO_COMMAND = "true";

    private final DemoProperties demo;
    private final BosunProperties bosun;
    private final PanelAddress panel;
    private final DemoDatabase database;
    private final ServerService servers;
    private final PlatformService platforms;
    private final ClientService clients;
    private final SettingsService settings;
    private final SiteCronService cron;
    private DemoWebServer web;

    DemoFleet(DemoProperties demo, BosunProperties bosun, PanelAddress panel, DemoDatabase database, ServerService servers,
              PlatformService platforms, ClientService clients, SettingsService settings, SiteCronService cron) {
        this.demo = demo;
        this.bosun = bosun;
        this.panel = panel;
        this.database = database;
        this.servers = servers;
        this.platforms = platforms;
        this.clients = clients;
        this.settings = settings;
        this.cron = cron;
    }

    @EventListener(ApplicationReadyEvent.class)
    void setUp() throws Exception {
        Path vhostDir = bosun.homeDir().resolve("demo").resolve("vhost.d");
        boolean serving = startWebServer(vhostDir);
        ServerInfo master = servers.master().orElse(null);
        boolean firstStart = master == null;
        if (master == null) {
            master = servers.register(new ServerRegistration("master", "localhost", 22, null, true,
                    http(vhostDir, serving), database.settings()));
            log.info("Demo: registered the local machine as server 'master'");
            if (master.http() != null) {
                // sites switched to HTTPS are served on this port (docs/https.md#the-demo)
                master = servers.changeHttps(master.id(), demo.httpsPort(), null);
            }
        } else {
            boolean databaseMoved = database.isEmbedded() && master.db() != null
                    && master.db().port() != database.port();
            // Registered while nginx was missing: its commands were placeholders that reload nothing.
            boolean nginxCame = serving && master.http() != null && NO_COMMAND.equals(master.http().reloadCommand());
            if (databaseMoved || nginxCame) {
                master = servers.update(master.id(), reRegistration(master, nginxCame ? http(vhostDir, true) : null,
                        databaseMoved));
                servers.queueVerify(master.id());
            }
            if (databaseMoved) {
                log.info("Demo: the master's db service now points to the embedded MariaDB at {}:{}",
                        database.host(), database.port());
            }
            if (nginxCame) {
                log.info("Demo: the master's web service now tests and reloads the demo's nginx on port {}",
                        demo.httpPort());
            }
        }
        long serverId = master.id();
        servers.markHttpServed(serverId, serving);
        int platformCount = registerPlatforms(serverId);
        if (clients.list(ClientScope.ALL).isEmpty()) {
            clients.create(new ClientForm("Demo client", "demo@example.com"));
        }
        if (firstStart) {
            // On the first start only: later starts keep what an administrator has switched since.
            settings.setFeatures(EnumSet.of(Feature.MIGRATE, Feature.CLONE, Feature.BACKUP_MANAGER));
            // Cron every few minutes rather than every hour, so that a new site's runs show soon.
            CronSettings cronSettings = cron.settings();
            if (cronSettings.defaultIntervalSeconds() == CronSettings.DEFAULT.defaultIntervalSeconds()) {
                cron.updateSettings(new CronSettings(DEMO_CRON_INTERVAL_SECONDS, cronSettings.perServerLimit()));
                log.info("Demo: sites' cron runs every {} minutes (/admin/cron)", DEMO_CRON_INTERVAL_SECONDS / 60);
            }
        }
        warnWithoutPhp();
        log.info("Demo: ready with {} example platform(s): add a site at {}/sites/new (profile 'example')",
                platformCount, panel.local());
    }

    /**
     * The master as registered, with the demo's nginx commands ({@code http}, null: as they are) and the embedded
     * MariaDB's address when {@code databaseMoved}. The HTTPS port and TLS folder stay (null keeps them).
     */
    private ServerRegistration reRegistration(ServerInfo master, ServerRegistration.HttpSettings http,
                                              boolean databaseMoved) {
        HttpServiceInfo current = master.http();
        ServerRegistration.HttpSettings web = http != null ? http : current == null ? null
                : new ServerRegistration.HttpSettings(current.type(), current.vhostDir(), current.configTestCommand(),
                        current.reloadCommand(), current.port(), current.phpFastcgi());
        ServerRegistration.DbSettings db = master.db() == null ? null : new ServerRegistration.DbSettings(
                master.db().type(), databaseMoved ? database.host() : master.db().host(),
                databaseMoved ? database.port() : master.db().port(), master.db().adminUser(), "");
        return new ServerRegistration(master.name(), master.hostname(), master.port(), master.sshUser(), true, web, db);
    }

    private static void warnWithoutPhp() {
        if (DemoWebServer.program("php").isEmpty()) {
            log.warn("Demo: PHP is not installed, and the example platforms' drush is a PHP program: installs end "
                    + "with an error that says so. Install PHP's command-line program with pdo_mysql "
                    + "(Debian/Ubuntu: apt-get install php-cli php-mysql).");
        }
    }

    private boolean startWebServer(Path vhostDir) {
        if (DemoWebServer.program("nginx").isEmpty() || DemoWebServer.phpFpm().isEmpty()) {
            log.warn("Demo: nginx or php-fpm is not installed; vhosts are written to {} but not served, so site tasks "
                    + "do not ask the sites for a page and end with a warning that says so (apt-get install nginx "
                    + "php-fpm)", vhostDir);
            return false;
        }
        try {
            web = DemoWebServer.start(bosun.homeDir().resolve("demo"), vhostDir, demo.httpPort(), demo.httpPort() + 1);
            return true;
        } catch (Exception e) {
            log.warn("Demo: could not start nginx and php-fpm ({}); vhosts are written but not served, so site tasks "
                    + "do not ask the sites for a page and end with a warning that says so", e.getMessage());
            return false;
        }
    }

    private ServerRegistration.HttpSettings http(Path vhostDir, boolean serving) {
        String test = serving ? web.nginxCommand("-t") : NO_COMMAND;
        String reload = serving ? web.nginxCommand("-s", "reload") : NO_COMMAND;
        return new ServerRegistration.HttpSettings(HttpType.NGINX, vhostDir.toString(), test, reload, demo.httpPort(),
                "127.0.0.1:" + (demo.httpPort() + 1));
    }

    /** Registers the example platforms not registered yet; returns how many there are. */
    private int registerPlatforms(long serverId) throws Exception {
        Path root = demo.platforms().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            log.warn("Demo: no example platforms at {} (start the panel from the source tree)", root);
            return 0;
        }
        List<String> known = platforms.list().stream().map(p -> p.rootPath()).toList();
        List<Path> examples;
        try (Stream<Path> children = Files.list(root)) {
            examples = children.filter(Files::isDirectory).sorted().toList();
        }
        for (Path platform : examples) {
            if (!known.contains(platform.toString())) {
                platforms.register(new PlatformForm(platform.getFileName().toString(), serverId, platform.toString(),
                        null, null), "demo");
            }
        }
        return examples.size();
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
    }
}
