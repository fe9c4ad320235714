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
 *
 * <p>Each master is started through {@code setsid} as the leader of a process group of its own, which its workers
 * share: a stop signals the group, so that no worker outlives its master, and the workers a master killed hard
 * (SIGKILL, out of memory) left behind are found at the next start by that group and their command line. Without
 * {@code setsid} they run in the panel's group and are stopped by their pid only.
 */
final class DemoWebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoWebServer.class);
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");
    private static final Duration LEFTOVER_STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration START_WAIT = Duration.ofSeconds(15);
    /** The command lines of the workers (their masters rewrite them), told apart from other programs by these. */
    private static final List<String> NGINX_WORKERS = List.of("nginx: worker process", "nginx: cache");
    private static final List<String> FPM_WORKERS = List.of("php-fpm: pool");

    private final Path dir;
    private final Process nginx;
    private final Process fpm;
    /** Whether each leads a process group of its own (started through setsid). */
    private final boolean nginxGroup;
    private final boolean fpmGroup;

    private DemoWebServer(Path dir, Process nginx, Process fpm) {
        this.dir = dir;
        this.nginx = nginx;
        this.fpm = fpm;
        this.nginxGroup = leadsGroup(nginx);
        this.fpmGroup = leadsGroup(fpm);
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
        stopLeftover("PHP-FPM", dir.resolve("php-fpm.pid"), dir.resolve("php-fpm.conf"), FPM_WORKERS);
        stopLeftover("nginx", dir.resolve("nginx.pid"), dir.resolve("nginx.conf"), NGINX_WORKERS);
        Optional<Path> setsid = program("setsid");
        if (setsid.isEmpty()) {
            log.debug("Demo: setsid is not installed; nginx and PHP-FPM run in the panel's process group, and workers "
                    + "of a master killed hard are not found at the next start");
        }
        Process fpm = start(setsid, dir.resolve("php-fpm.out"), fpmBinary.toString(), "-R", "-F", "-y",
                dir.resolve("php-fpm.conf").toString());
        Process nginx;
        try {
            nginx = start(setsid, dir.resolve("nginx.out"), nginxBinary.toString(), "-p", dir.toString(), "-c",
                    dir.resolve("nginx.conf").toString());
        } catch (IOException e) {
            fpm.destroy();
            throw e;
        }
        DemoWebServer server;
        try {
            awaitAnswer("PHP-FPM", fpm, fpmPort, dir.resolve("php-fpm.out"));
            awaitAnswer("nginx", nginx, port, dir.resolve("nginx.out"));
        } catch (IOException e) {
            new DemoWebServer(dir, nginx, fpm).close();
            throw e;
        }
        server = new DemoWebServer(dir, nginx, fpm);
        if (setsid.isPresent() && !(server.nginxGroup && server.fpmGroup)) {
            log.debug("Demo: nginx or PHP-FPM does not lead a process group of its own; stopped by its pid only");
        }
        log.info("Demo web server started: nginx on port {} (sites answer by their domain as Host), PHP-FPM on {}",
                port, fpmPort);
        return server;
    }

    /**
     * The program with its arguments, through setsid when there is one: then setsid, not a group leader itself,
     * makes itself the leader of a new session and process group and executes the program in place, so that the
     * process's pid is the master's and its group's id.
     */
    private static Process start(Optional<Path> setsid, Path output, String... command) throws IOException {
        List<String> line = new java.util.ArrayList<>();
        setsid.ifPresent(path -> line.add(path.toString()));
        line.addAll(List.of(command));
        return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }

    private static boolean leadsGroup(Process process) {
        return process.isAlive() && LeftoverProcess.processGroup(process.pid()).equals(
                java.util.OptionalLong.of(process.pid()));
    }

    /**
     * An nginx or PHP-FPM that a killed panel left running on this configuration holds the ports: stopped with its
     * workers (its process group), so that the new one can listen. When its master is gone (killed hard), the
     * workers it left in its group, which keep nginx's port, are stopped: only processes of that group with a
     * worker's command line ({@code workers}).
     */
    private static void stopLeftover(String name, Path pidFile, Path conf, List<String> workers) throws IOException {
        List<String> markers = LeftoverProcess.pathMarkers(conf);
        switch (LeftoverProcess.state(pidFile, markers)) {
            case RUNNING -> {
                LeftoverProcess leftover = LeftoverProcess.find(pidFile, markers).orElseThrow();
                log.warn("Demo: the {} of an earlier run is still running ({}), probably because the panel was "
                        + "killed; stopping it", name, leftover);
                if (!leftover.stopGroup("TERM", LEFTOVER_STOP_WAIT)) {
                    throw new IOException("the " + name + " left running (process " + leftover.pid()
                            + ") does not stop");
                }
                log.info("Demo: stopped the earlier {} (process {})", name, leftover.pid());
            }
            case STALE -> {
                List<LeftoverProcess> orphans = LeftoverProcess.orphanedGroupMembers(pidFile, workers);
                if (!orphans.isEmpty()) {
                    log.warn("Demo: the {} of an earlier run is gone, but {} of its workers still run ({}); "
                            + "stopping them", name, orphans.size(), orphans);
                    if (!LeftoverProcess.stopAll(orphans, "TERM", LEFTOVER_STOP_WAIT)) {
                        throw new IOException("the " + name + " workers left running (" + orphans + ") do not stop");
                    }
                    log.info("Demo: stopped the workers of the earlier {}", name);
                }
                Files.deleteIfExists(pidFile);
            }
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

    /**
     * Stops both with their workers and waits for them, so that a next start finds the ports free: SIGTERM to each
     * process group, a wait, SIGKILL to the groups for what is left of them, then a wait for the masters. A master
     * that runs in the panel's group (no setsid) gets SIGTERM by its pid, and SIGKILL after the wait.
     */
    @Override
    public void close() {
        List<Long> groups = new java.util.ArrayList<>();
        for (Process process : List.of(nginx, fpm)) {
            boolean grouped = process == nginx ? nginxGroup : fpmGroup;
            if (grouped) {
                groups.add(process.pid());
            } else {
                process.destroy();
            }
        }
        if (!groups.isEmpty() && !LeftoverProcess.stopGroups(groups, "TERM", START_WAIT)) {
            log.warn("Demo: processes of nginx or PHP-FPM (process groups {}) are still running after SIGKILL", groups);
        }
        try {
            for (Process process : List.of(nginx, fpm)) {
                if (!process.waitFor(START_WAIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(START_WAIT.toSeconds(), TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
