package dev.bosun.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import dev.bosun.drupal.DrupalSettings;
import dev.bosun.drupal.DrushCommand;
import dev.bosun.drupal.DrushCommands;
import dev.bosun.drupal.SiteDatabase;
import dev.bosun.drupal.SiteInstallOptions;
import dev.bosun.drupal.SiteLayout;
import org.awaitility.Awaitility;

/**
 * A site on a copy of an example platform, with its own database and user on the machine's MariaDB
 * or PostgreSQL and a settings.php written by {@link DrupalSettings}; drush and HTTP against it.
 */
public final class ExampleSite implements AutoCloseable {

    /** Exercises the PHP string escaping of settings.php: quote, backslash, dollar, double quote. */
    public static final String PASSWORD = "p'a\\s$s\"w0rd";

    final Path platforms;
    final String engine;
    public final String domain = "site-" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    final String dbName = "ex_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    final TestDatabases.Server server;
    public Path root;
    private Process web;
    private int webPort;

    /** A site on a fresh copy of the example platform {@code platform}; engine "mariadb" or "postgresql". */
    public ExampleSite(String engine, String platform) throws Exception {
        this(engine, ExamplePlatforms.copy().resolve(platform));
    }

    /** A site on the example platform at {@code platformRoot} (inside a copy of examples/). */
    public ExampleSite(String engine, Path platformRoot) throws Exception {
        this.engine = engine;
        this.server = engine.equals("mariadb") ? TestDatabases.mariadb() : TestDatabases.postgres();
        this.root = platformRoot;
        this.platforms = platformRoot.getParent();
        createDatabase();
        writeSettings(root);
    }

    /** The site's database, and its user of the same name (password {@link #PASSWORD}). */
    public String database() {
        return dbName;
    }

    public SiteLayout layout(Path platformRoot) {
        return new SiteLayout(platformRoot.resolve("web").toString(), domain);
    }

    public DrushCommands drush() {
        return DrushCommands.forSite(root.resolve("vendor/bin/drush").toString(), root.resolve("web").toString(),
                "http://" + domain);
    }

    public record Result(int exit, String stdout, String stderr) {
    }

    public Result run(DrushCommand command) throws Exception {
        return run(command.args());
    }

    public static Result run(List<String> args) throws Exception {
        Process process = new ProcessBuilder(args).start();
        process.getOutputStream().close();
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
        String stdout = read(process.getInputStream());
        return new Result(process.waitFor(), stdout, stderr.get());
    }

    public Result install() throws Exception {
        return run(drush().siteInstall(domain, new SiteInstallOptions("example", "en", "Example " + domain,
                "admin@" + domain, "admin", "admin@" + domain)));
    }

    /** Moves the site directory to another example platform, as a migrate deploys it there. */
    public void moveTo(String platform) throws Exception {
        Path target = platforms.resolve(platform);
        run(List.of("cp", "-a", layout(root).siteDirectory(), layout(target).siteDirectory()));
        run(layout(root).removeCommand());
        root = target;
    }

    public record Response(int statusCode, String body) {
    }

    /** GET with the site's Host header, over HTTP/1.0 (java.net.http refuses to set Host). */
    public Response get(String path) throws Exception {
        if (web == null) {
            startWeb();
        }
        try (Socket socket = new Socket("127.0.0.1", webPort)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.0\r\nHost: " + domain + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String response = read(socket.getInputStream());
            int bodyStart = response.indexOf("\r\n\r\n");
            return new Response(Integer.parseInt(response.split(" ", 3)[1]),
                    bodyStart < 0 ? "" : response.substring(bodyStart + 4));
        }
    }

    /** PHP's built-in web server with web/index.php as the router, as nginx and php-fpm would run it. */
    private void startWeb() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            webPort = socket.getLocalPort();
        }
        Path docroot = root.resolve("web");
        web = new ProcessBuilder("php", "-S", "127.0.0.1:" + webPort, "-t", docroot.toString(),
                docroot.resolve("index.php").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            try (var ignored = new Socket("127.0.0.1", webPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(server.urlFor(dbName), dbName, PASSWORD);
    }

    private void createDatabase() {
        if (engine.equals("mariadb")) {
            String password = PASSWORD.replace("\\", "\\\\").replace("'", "\\'");
            TestDatabases.execute(server, "CREATE DATABASE " + dbName);
            TestDatabases.execute(server, "CREATE USER '" + dbName + "'@'%' IDENTIFIED BY '" + password + "'");
            TestDatabases.execute(server, "GRANT ALL ON " + dbName + ".* TO '" + dbName + "'@'%'");
        } else {
            TestDatabases.execute(server, "CREATE ROLE " + dbName + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
            TestDatabases.execute(server, "CREATE DATABASE " + dbName + " OWNER " + dbName);
        }
    }

    public void writeSettings(Path platformRoot) throws Exception {
        SiteLayout layout = layout(platformRoot);
        Result mkdir = run(layout.createDirectoriesCommand());
        if (mkdir.exit() != 0) {
            throw new IllegalStateException(mkdir.stderr());
        }
        SiteDatabase database = engine.equals("mariadb")
                ? SiteDatabase.mysql("127.0.0.1", server.port(), dbName, dbName, PASSWORD)
                : SiteDatabase.pgsql("127.0.0.1", server.port(), dbName, dbName, PASSWORD);
        String salt = DrupalSettings.hashSalt("test-key".getBytes(StandardCharsets.UTF_8), domain);
        Files.writeString(Path.of(layout.settingsFile()),
                new DrupalSettings(layout, database, salt, List.of(domain, "www." + domain)).render());
    }

    @Override
    public void close() {
        if (web != null) {
            web.destroyForcibly();
        }
        if (engine.equals("mariadb")) {
            TestDatabases.execute(server, "DROP DATABASE IF EXISTS " + dbName);
            TestDatabases.execute(server, "DROP USER IF EXISTS '" + dbName + "'@'%'");
        } else {
            TestDatabases.execute(server, "DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            TestDatabases.execute(server, "DROP ROLE IF EXISTS " + dbName);
        }
    }

    private static String read(InputStream in) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
