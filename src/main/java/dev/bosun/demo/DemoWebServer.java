package dev.bosun.demo;

import java.io.File;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import dev.bosun.LeftoverProcess;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's own nginx and PHP-FPM, when the machine has them: private configurations under
 * {@code <home>/demo}, run as child processes of the panel, nginx including the vhost directory
 * Bosun writes to. Their pid files are there too: ones a killed panel left running are stopped at the next start.
 */
final class DemoWebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoWebServer.class);
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration START_WAIT = Duration.ofSeconds(15);

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
        stopLeftover("PHP-FPM", dir.resolve("php-fpm.pid"), dir.resolve("php-fpm.conf"));
        stopLeftover("nginx", dir.resolve("nginx.pid"), dir.resolve("nginx.conf"));
        Process fpm = new ProcessBuilder(fpmBinary.toString(), "-R", "-F", "-y", dir.resolve("php-fpm.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("php-fpm.out").toFile()).start();
        Process nginx = new ProcessBuilder(nginxBinary.toString(), "-p", dir.toString(), "-c",
                dir.resolve("nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        DemoWebServer server = new DemoWebServer(dir, nginx, fpm);
        try {
            awaitAnswer("PHP-FPM", fpm, fpmPort, dir.resolve("php-fpm.out"));
            awaitAnswer("nginx", nginx, port, dir.resolve("nginx.out"));
        } catch (IOException e) {
            server.close();
            throw e;
        }
        log.info("Demo web server started: nginx on port {} (sites answer by their domain as Host), PHP-FPM on {}",
                port, fpmPort);
        return server;
    }

    /**
     * An nginx or PHP-FPM that a killed panel left running on this configuration holds the ports: stopped, so that
     * the new one can listen.
     */
    private static void stopLeftover(String name, Path pidFile, Path conf) throws IOException {
        List<String> markers = LeftoverProcess.pathMarkers(conf);
        switch (LeftoverProcess.state(pidFile, markers)) {
            case RUNNING -> {
                LeftoverProcess leftover = LeftoverProcess.find(pidFile, markers).orElseThrow();
                log.warn("Demo: the {} of an earlier run is still running ({}), probably because the panel was "
                        + "killed; stopping it", name, leftover);
                if (!leftover.stop("TERM", LEFTOVER_STOP_WAIT)) {
                    throw new IOException("the " + name + " left running (process " + leftover.pid()
                            + ") does not stop");
                }
                log.info("Demo: stopped the earlier {} (process {})", name, leftover.pid());
            }
            case STALE -> Files.deleteIfExists(pidFile);
            case NONE, UNKNOWN -> {
            }
        }
    }

    /** Waits until the process answers on its port; says why not when it exits or stays silent. */
    private static void awaitAnswer(String name, Process process, int port, Path output) throws IOException {
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!listening(port)) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited at start (" + lastLine(output) + ")");
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(name + " does not answer on port " + port + " after " + START_WAIT.toSeconds()
                        + " s (" + lastLine(output) + ")");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
        }
    }

    private static String lastLine(Path output) {
        try {
            List<String> lines = Files.readAllLines(output);
            return lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        } catch (IOException e) {
            return "no output";
        }
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
                "  access_log off;", "  server_names_hash_bucket_size 128;", "  client_body_temp_path " + dir.resolve("tmp/body") + ";",
                "  proxy_temp_path " + dir.resolve("tmp/proxy") + ";",
                "  fastcgi_temp_path " + dir.resolve("tmp/fastcgi") + ";",
                "  uwsgi_temp_path " + dir.resolve("tmp/uwsgi") + ";", "  scgi_temp_path " + dir.resolve("tmp/scgi") + ";",
                "  server { listen " + port + " default_server; return 404; }",
                "  include " + vhostDir + "/*;", "}", "");
    }

    /** Stops both and waits for them, so that a next start finds the ports free. */
    @Override
    public void close() {
        nginx.destroy();
        fpm.destroy();
        try {
            for (Process process : List.of(nginx, fpm)) {
                if (!process.waitFor(START_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
