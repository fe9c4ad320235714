package dev.bosun.server.internal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.bosun.test.TestDatabases;
import org.springframework.util.FileSystemUtils;

/**
 * A web server or PHP-FPM of the machine, run in the foreground with a private configuration under a temp
 * prefix and its own pid and log files, on a free port.
 */
public final class WebServerProcess implements AutoCloseable {

    private final Process process;
    private final Path dir;
    private final int port;
    private final int httpsPort;
    private final String name;

    private WebServerProcess(String name, Process process, Path dir, int port, int httpsPort) {
        this.name = name;
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.httpsPort = httpsPort;
    }

    public int port() {
        return port;
    }

    /** The port its HTTPS vhosts listen on (Apache listens there from the start, nginx once a vhost says so). */
    public int httpsPort() {
        return httpsPort;
    }

    public Path dir() {
        return dir;
    }

    public static Path openDirectory(String prefix) throws IOException {
        Path dir = TestDatabases.temporaryFolder(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    public static WebServerProcess phpFpm() throws Exception {
        Path dir = openDirectory("bosun-fpm");
        int port = OpenSshServer.freePort();
        Files.writeString(dir.resolve("php-fpm.conf"), String.join("\n",
                "[global]", "pid = " + dir.resolve("php-fpm.pid"), "error_log = " + dir.resolve("php-fpm.log"),
                "daemonize = no", "[bosun]", "listen = 127.0.0.1:" + port, "pm = static", "pm.max_children = 2", ""));
        return start("php-fpm", dir, port, 0, List.of(program("php-fpm8.2"), "-R", "-F", "-y",
                dir.resolve("php-fpm.conf").toString(), "-p", dir.toString()));
    }

    public static WebServerProcess nginx(Path vhostDir) throws Exception {
        Path dir = openDirectory("bosun-nginx");
        Files.createDirectories(dir.resolve("tmp"));
        int port = OpenSshServer.freePort();
        Files.writeString(dir.resolve("nginx.conf"), String.join("\n",
                "daemon off;", "user root;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";", "events { worker_connections 64; }", "http {",
                "  access_log off;", "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
                "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";", "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";", "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
                "  server { listen " + port + " default_server; return 404; }",
                "  include " + vhostDir + "/*;", "}", ""));
        return start("nginx", dir, port, OpenSshServer.freePort(), List.of(program("nginx"), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString()));
    }

    public static String nginxCommand(WebServerProcess nginx, String... action) {
        return program("nginx") + " -p " + nginx.dir() + " -c " + nginx.dir().resolve("nginx.conf") + " " + String.join(" ", action);
    }

    static WebServerProcess apache(Path vhostDir) throws Exception {
        Path dir = openDirectory("bosun-apache");
        Files.createDirectories(dir.resolve("run"));
        Files.createDirectories(dir.resolve("empty"));
        int port = OpenSshServer.freePort();
        int httpsPort = OpenSshServer.freePort();
        String modules = "/usr/lib/apache2/modules/";
        StringBuilder config = new StringBuilder();
        for (String module : List.of("mpm_event", "authz_core", "dir", "alias", "proxy", "proxy_fcgi", "ssl",
                "socache_shmcb", "headers")) {
            config.append("LoadModule ").append(module).append("_module ").append(modules).append("mod_")
                    .append(module).append(".so\n");
        }
        config.append(String.join("\n", "ServerRoot " + dir, "PidFile " + dir.resolve("apache2.pid"),
                "DefaultRuntimeDir " + dir.resolve("run"), "ErrorLog " + dir.resolve("error.log"),
                "Mutex file:" + dir.resolve("run") + " default", "User www-data", "Group www-data",
                "Listen 127.0.0.1:" + port, "Listen 127.0.0.1:" + httpsPort + " https",
                "SSLSessionCache shmcb:" + dir.resolve("run/ssl_scache") + "(512000)", "ServerName localhost", "<VirtualHost *:" + port + ">",
                "  ServerName default.invalid", "  DocumentRoot " + dir.resolve("empty"), "</VirtualHost>",
                "IncludeOptional " + vhostDir + "/*", ""));
        Files.writeString(dir.resolve("apache2.conf"), config);
        return start("apache2", dir, port, httpsPort, List.of(program("apache2"), "-d", dir.toString(), "-f",
                dir.resolve("apache2.conf").toString(), "-DFOREGROUND"));
    }

    static String apacheCommand(WebServerProcess apache, String... action) {
        return program("apache2") + " -d " + apache.dir() + " -f " + apache.dir().resolve("apache2.conf") + " "
                + String.join(" ", action);
    }

    public String log(String file) throws IOException {
        Path path = dir.resolve(file);
        return Files.exists(path) ? Files.readString(path) : "";
    }

    private static WebServerProcess start(String name, Path dir, int port, int httpsPort, List<String> command)
            throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile()).start();
        WebServerProcess server = new WebServerProcess(name, process, dir, port, httpsPort);
        await().atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive() || accepts(port));
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " did not start: " + server.log("console.log") + server.log("error.log"));
        }
        return server;
    }

    private static String program(String name) {
        return dev.bosun.test.RequiresProgramCondition.find(name).map(Path::toString).orElse(name);
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the server and removes its folder (configuration, logs, pid file). */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(15, TimeUnit.SECONDS);
        }
        deleteDirectory(dir);
    }

    /** Removes a folder {@link #openDirectory} made, with everything in it. */
    public static void deleteDirectory(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            System.err.println("Could not remove " + dir + ": " + e);
        }
    }

    @Override
    public String toString() {
        return name + " on port " + port;
    }
}
