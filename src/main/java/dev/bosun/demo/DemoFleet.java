package dev.bosun.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;

import dev.bosun.BosunProperties;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.platform.PlatformForm;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.DbType;
import dev.bosun.server.HttpType;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerRegistration;
import dev.bosun.server.ServerService;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Profile {@code demo}: registers, when they are reachable, the local machine as server
 * {@code master} with MariaDB as its database service and nginx (a private instance on
 * {@code bosun.demo.http-port}, or none: vhosts written, not served), the example platforms,
 * one client, and turns Migrate, Clone and the Backup manager on. Runs once per database.
 */
@Component
@Profile("demo")
@EnableConfigurationProperties(DemoProperties.class)
class DemoFleet implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoFleet.class);

    private final DemoProperties demo;
    private final BosunProperties bosun;
    private final ServerService servers;
    private final PlatformService platforms;
    private final ClientService clients;
    private final SettingsService settings;
    private DemoWebServer web;

    DemoFleet(DemoProperties demo, BosunProperties bosun, ServerService servers, PlatformService platforms,
              ClientService clients, SettingsService settings) {
        this.demo = demo;
        this.bosun = bosun;
        this.servers = servers;
        this.platforms = platforms;
        this.clients = clients;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void setUp() throws Exception {
        Path vhostDir = bosun.homeDir().resolve("demo").resolve("vhost.d");
        ServerInfo master = servers.master().orElse(null);
        boolean serving = startWebServer(vhostDir);
        if (master == null) {
            master = servers.register(new ServerRegistration("master", "localhost", 22, null, true,
                    http(vhostDir, serving), db()));
            log.info("Demo: registered the local machine as server 'master'");
        }
        long serverId = master.id();
        registerPlatforms(serverId);
        if (clients.list(ClientScope.ALL).isEmpty()) {
            clients.create(new ClientForm("Demo client", "demo@example.com"));
        }
        settings.setFeatures(EnumSet.of(Feature.MIGRATE, Feature.CLONE, Feature.BACKUP_MANAGER));
    }

    private boolean startWebServer(Path vhostDir) {
        if (DemoWebServer.program("nginx").isEmpty() || DemoWebServer.phpFpm().isEmpty()) {
            log.warn("Demo: nginx or php-fpm is not installed; vhosts are written to {} but not served", vhostDir);
            return false;
        }
        try {
            web = DemoWebServer.start(bosun.homeDir().resolve("demo"), vhostDir, demo.httpPort(), demo.httpPort() + 1);
            return true;
        } catch (Exception e) {
            log.warn("Demo: could not start nginx and php-fpm ({}); vhosts are written but not served", e.getMessage());
            return false;
        }
    }

    private ServerRegistration.HttpSettings http(Path vhostDir, boolean serving) {
        String test = serving ? web.nginxCommand("-t") : "true";
        String reload = serving ? web.nginxCommand("-s", "reload") : "true";
        return new ServerRegistration.HttpSettings(HttpType.NGINX, vhostDir.toString(), test, reload, demo.httpPort(),
                "127.0.0.1:" + (demo.httpPort() + 1));
    }

    private ServerRegistration.DbSettings db() {
        DemoProperties.Db db = demo.db();
        String url = "jdbc:mariadb://" + db.host() + ":" + db.port() + "/";
        try (var ignored = DriverManager.getConnection(url, db.user(), db.password())) {
            log.info("Demo: sites' databases go to MariaDB at {}:{}", db.host(), db.port());
        } catch (Exception e) {
            log.warn("Demo: no MariaDB answers at {}:{} ({}); set BOSUN_DEMO_DB_HOST, _PORT, _USER and _PASSWORD "
                    + "and verify the server 'master' again", db.host(), db.port(), e.getMessage());
        }
        return new ServerRegistration.DbSettings(DbType.MARIADB, db.host(), db.port(), db.user(), db.password());
    }

    private void registerPlatforms(long serverId) throws Exception {
        Path root = demo.platforms().toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            log.warn("Demo: no example platforms at {} (start the panel from the source tree)", root);
            return;
        }
        List<String> known = platforms.list().stream().map(p -> p.rootPath()).toList();
        try (Stream<Path> children = Files.list(root)) {
            for (Path platform : children.filter(Files::isDirectory).sorted().toList()) {
                if (!known.contains(platform.toString())) {
                    platforms.register(new PlatformForm(platform.getFileName().toString(), serverId, platform.toString(),
                            null, null), "demo");
                }
            }
        }
    }

    @Override
    public void close() {
        if (web != null) {
            web.close();
        }
    }
}
