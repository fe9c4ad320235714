package dev.bosun.demo;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's own nginx and PHP-FPM, when the machine has them: private configurations under
 * {@code <home>/demo}, run as child processes of the panel, nginx including the vhost directory
 * Bosun writes to.
 */
final class DemoWebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoWebServer.class);
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");

    private final Path dir;
    private final Process nginx;
    private final Process fpm;

    private DemoWebServer(Path dir, Process nginx, Process fpm) {
        this.dir = dir;
        this.nginx = nginx;
        this.fpm = fpm;
    }

    static Optional<Path> program(String name) {
        List<String> dirs = new java.util.ArrayList<>(Arrays.asList(
                Optional.ofNullable(System.getenv("PATH")).orElse("").split(File.pathSeparator)));
        dirs.addAll(SBIN);
        return dirs.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }

    static Optional<Path> phpFpm() {
        return program("php-fpm").or(() -> program("php-fpm8.2")).or(() -> program("php-fpm8.3"));
    }

    /** Starts nginx on {@code port} and PHP-FPM on {@code fpmPort}, or says why it cannot. */
    static DemoWebServer start(Path dir, Path vhostDir, int port, int fpmPort) throws IOException {
        Path nginxBinary = program("nginx").orElseThrow(() -> new IOException("nginx is not installed"));
        Path fpmBinary = phpFpm().orElseThrow(() -> new IOException("php-fpm is not installed"));
        Files.createDirectories(dir.resolve("tmp"));
        Files.createDirectories(vhostDir);
        Files.writeString(dir.resolve("php-fpm.conf"), String.join("\n", "[global]",
                "pid = " + dir.resolve("php-fpm.pid"), "error_log = " + dir.resolve("php-fpm.log"), "daemonize = no",
                "[demo]", "listen = 127.0.0.1:" + fpmPort, "pm = static", "pm.max_children = 4", ""));
        Files.writeString(dir.resolve("nginx.conf"), nginxConf(dir, vhostDir, port));
        Process fpm = new ProcessBuilder(fpmBinary.toString(), "-R", "-F", "-y", dir.resolve("php-fpm.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("php-fpm.out").toFile()).start();
        Process nginx = new ProcessBuilder(nginxBinary.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        DemoWebServer server = new DemoWebServer(dir, nginx, fpm);
        log.info("Demo web server: nginx on port {} (sites answer by their domain as Host), PHP-FPM on {}", port, fpmPort);
        return server;
    }

    String nginxCommand(String... action) {
        return program("nginx").orElseThrow() + " -p " + dir + " -c " + dir.resolve("nginx.conf") + " "
                + String.join(" ", action);
    }

    static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The default server listens like the vhosts (every address), or a reload could not bind their port. */
    private static String nginxConf(Path dir, Path vhostDir, int port) {
        return String.join("\n", "daemon off;", "worker_processes 1;", "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";", "events { worker_connections 128; }", "http {",
                "  access_log off;", "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
                "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";", "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
                "  server { listen " + port + " default_server; return 404; }",
                "  include " + vhostDir + "/*;", "}", "");
    }

    @Override
    public void close() {
        nginx.destroy();
        fpm.destroy();
    }
}
