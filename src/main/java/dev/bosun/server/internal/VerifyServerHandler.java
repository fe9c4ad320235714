package dev.bosun.server.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.bosun.BosunProperties;
import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DatabaseDrivers;
import dev.bosun.server.DatabaseException;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.HttpDriver;
import dev.bosun.server.HttpDrivers;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.LineSink;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerNotFoundException;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.server.Shells;
import dev.bosun.server.internal.ToolProbe.Tool;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * The server verify task: connects (pinning the SSH host key the first time), reports the tools Bosun uses
 * and their versions, checks that the vhost directory is writable and that the web server's configuration
 * tests and reloads, and that the database admin account can create a database. Missing tools are warnings
 * that say what to install; a check that fails is an error.
 */
@Component
class VerifyServerHandler implements TaskHandler {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final String PHP_PACKAGES = "php-cli php-fpm php-gd php-xml php-mbstring php-curl php-mysql php-pgsql";
    private static final String WRITE_PROBE = """
            mkdir -p "$1" 2>/dev/null
            probe="$1/.bosun-probe-$2"
            : > "$probe" && rm -f "$probe"
            """;

    private final Shells shells;
    private final HttpDrivers httpDrivers;
    private final DatabaseDrivers databaseDrivers;
    private final ServerStore repository;
    private final Clock clock;
    private final Path backupDirectory;

    VerifyServerHandler(Shells shells, HttpDrivers httpDrivers, DatabaseDrivers databaseDrivers,
                        ServerStore repository, Clock clock, BosunProperties properties) {
        this.backupDirectory = properties.homeDir().resolve("backups");
        this.shells = shells;
        this.httpDrivers = httpDrivers;
        this.databaseDrivers = databaseDrivers;
        this.repository = repository;
        this.clock = clock;
    }

    @Override
    public TargetType targetType() {
        return TargetType.SERVER;
    }

    @Override
    public String type() {
        return "verify";
    }

    @Override
    public void run(TaskRun run) throws Exception {
        ServerInfo server = server(run.targetId());
        Shell shell = shells.forVerify(server);
        if (server.master() || server.http() != null) {
            run.step("Connect", step -> connect(server, shell, step));
        } else {
            run.step("Connect", step -> step.info("Database server: the panel reaches its database from the master, "
                    + "over the network; it opens no SSH connection to " + server.name() + "."));
        }
        run.step("Check tools", step -> tools(server, shell, step));
        if (server.http() != null) {
            run.step("Check web service", step -> http(server, shell, step));
        }
        if (server.db() != null) {
            run.step("Check database service", step -> db(server.db(), step));
        }
        run.step("Record", step -> {
            repository.markVerified(server.id(), clock.instant());
            step.ok("Server " + server.name() + " is verified.");
        });
    }

    private void connect(ServerInfo server, Shell shell, TaskLogger log) {
        CommandResult who = shell.run(Command.script("printf '%s on ' \"$(id -un)\"; uname -snr"), LineSink.NONE, TIMEOUT);
        if (server.master()) {
            log.ok("Master: commands run locally as " + who.stdout().strip());
            return;
        }
        String fingerprint = server(server.id()).hostKeyFingerprint();
        log.ok("Connected over SSH to " + server.sshUser() + "@" + server.hostname() + ":" + server.port() + " ("
                + who.stdout().strip() + ")");
        log.info(server.hostKey() == null
                ? "Pinned the server's SSH host key " + fingerprint + "; a different key will be refused."
                : "The server's SSH host key matches the pinned one, " + fingerprint + ".");
    }

    private ServerInfo server(long id) {
        return repository.findById(id).orElseThrow(() -> new ServerNotFoundException(id));
    }

    private void tools(ServerInfo server, Shell shell, TaskLogger log) {
        if (server.http() != null) {
            boolean php = report(shell, log, server.name(),
                    Tool.of("PHP", "apt-get install " + PHP_PACKAGES, List.of("php", "-v")));
            if (php) {
                WebServerChecks.phpDatabaseExtensions(shell, server.name(), log);
            }
            report(shell, log, server.name(), webServerTool(server.http().type()));
            report(shell, log, server.name(), Tool.of("rsync", "apt-get install rsync", List.of("rsync", "--version")));
            report(shell, log, server.name(), Tool.of("tar", "apt-get install tar", List.of("tar", "--version")));
            report(shell, log, server.name(), Tool.of("gzip", "apt-get install gzip", List.of("gzip", "--version")));
            report(shell, log, server.name() + " (drush sql:query, used by clone and rename, runs it there)",
                    Tool.of("MariaDB/MySQL client", "apt-get install mariadb-client",
                            List.of("mariadb", "--version"), List.of("mysql", "--version")));
            report(shell, log, server.name() + " (drush sql:query runs it there for PostgreSQL sites)",
                    Tool.of("PostgreSQL client", "apt-get install postgresql-client", List.of("psql", "--version")));
            ToolProbe.version(shell, Tool.of("drush", "", List.of("drush", "--version"))).ifPresentOrElse(
                    version -> log.ok("drush: " + version),
                    () -> log.info("drush: none on the PATH; each platform runs its own vendor/bin/drush."));
        }
        if (server.db() != null) {
            Shell master = shells.local();
            for (Tool tool : clientTools(server.db())) {
                report(master, log, "the master (database dumps run there)", tool);
            }
        }
    }

    private void http(ServerInfo server, Shell shell, TaskLogger log) {
        HttpServiceInfo http = server.http();
        HttpDriver driver = httpDrivers.forServer(server.id());
        checkWritable(shell, http.vhostDir(), server.name(), log);
        if (!shell.isLocal()) {
            checkWritable(shells.local(), driver.masterCopy("probe.invalid").getParent().toString(), "the master", log);
        }
        WebServerChecks.freeSpace(shell, null, http.vhostDir(), server.name(), log);
        if (server.master()) {
            WebServerChecks.freeSpace(shells.local(), backupDirectory.toString(), null, "the master (backups)", log);
        }
        WebServerChecks.sudoRights(shell, server, log);
        driver.configTest(log);
        log.ok("The " + http.type().dirName() + " configuration test passes.");
        driver.reload(log);
        confirmLive(server, driver, log);
    }

    /**
     * A reload's exit code says only that the signal was sent: the web service is trusted once it answers on its
     * port (any HTTP status: a name no site uses gets the default server's answer).
     */
    private static void confirmLive(ServerInfo server, HttpDriver driver, TaskLogger log) {
        String probe = "bosun-probe.invalid";
        try {
            int status = driver.answer(probe, "/");
            log.ok("The " + driver.service().type().dirName() + " of " + server.name() + " answers on port "
                    + driver.service().port() + " after the reload (HTTP " + status + " for " + probe + ").");
        } catch (ShellException silent) {
            throw new ShellException("The " + driver.service().type().dirName() + " of " + server.name()
                    + " does not answer on port " + driver.service().port() + " after the reload: "
                    + silent.getMessage() + ". Check the port in the web service's settings and the server's error log.",
                    silent);
        }
    }

    private void db(DbServiceInfo db, TaskLogger log) {
        DatabaseDriver driver = databaseDrivers.forService(db.id());
        String version = driver.checkConnection();
        log.ok("Connected to " + version + " at " + db.host() + ":" + db.port() + " as " + db.adminUser());
        DbCredentials probe = driver.newCredentials("bosun-probe-" + UUID.randomUUID().toString().substring(0, 8)
                + ".invalid");
        log.secret(probe.password());
        List<String> hosts = List.of("127.0.0.1");
        try {
            driver.provision(probe, hosts);
        } catch (RuntimeException refused) {
            safely(() -> driver.deprovision(probe, hosts));
            throw new DatabaseException("The admin account " + db.adminUser() + " cannot create a database and a user "
                    + "with rights on it (" + refused.getMessage() + "): give it those privileges "
                    + "(see docs/servers.md).", refused);
        }
        driver.deprovision(probe, hosts);
        log.ok("The admin account can create a database and a user with rights on that database only, and drop "
                + "them again.");
    }

    private static void safely(Runnable cleanup) {
        try {
            cleanup.run();
        } catch (RuntimeException ignored) {
            // the probe's own leftovers, named after an .invalid domain; the failure that matters is rethrown
        }
    }

    private static void checkWritable(Shell shell, String dir, String where, TaskLogger log) {
        CommandResult result = shell.run(Command.script(WRITE_PROBE, dir, UUID.randomUUID().toString()), log, TIMEOUT);
        if (!result.ok()) {
            throw new ShellException("Cannot write to " + dir + " on " + where + ": create it and give the SSH user "
                    + "write access (see docs/servers.md)" + result.detail());
        }
        log.ok("Can write to " + dir + " on " + where + ".");
    }

    /** Logs the tool's version, or a warning that says what to install; answers whether it is there. */
    private static boolean report(Shell shell, TaskLogger log, String where, Tool tool) {
        var version = ToolProbe.version(shell, tool);
        version.ifPresentOrElse(
                found -> log.ok(tool.label() + ": " + found),
                () -> log.warning(tool.label() + " is not installed on " + where + ": install it (Debian/Ubuntu: "
                        + tool.install() + ")."));
        return version.isPresent();
    }

    private static Tool webServerTool(HttpType type) {
        return type == HttpType.NGINX
                ? Tool.of("nginx", "apt-get install nginx", List.of("nginx", "-v"))
                : Tool.of("Apache", "apt-get install apache2", List.of("apache2", "-v"), List.of("httpd", "-v"));
    }

    /** The client programs dumps and imports run on the master: on its PATH, else in the extra directories. */
    private List<Tool> clientTools(DbServiceInfo db) {
        if (db.type().isMysqlFamily()) {
            return List.of(
                    clientTool("MariaDB/MySQL client", "apt-get install mariadb-client", "mariadb", "mysql"),
                    clientTool("MariaDB/MySQL dump", "apt-get install mariadb-client", "mariadb-dump", "mysqldump"));
        }
        return List.of(
                clientTool("PostgreSQL client", "apt-get install postgresql-client", "psql"),
                clientTool("PostgreSQL dump", "apt-get install postgresql-client", "pg_dump"));
    }

    private Tool clientTool(String label, String install, String... programs) {
        List<List<String>> candidates = new ArrayList<>();
        for (String program : programs) {
            candidates.add(List.of(program, "--version"));
        }
        for (Path directory : databaseDrivers.clientDirectories()) {
            for (String program : programs) {
                candidates.add(List.of(directory.resolve(program).toString(), "--version"));
            }
        }
        return new Tool(label, List.copyOf(candidates), install);
    }
}
