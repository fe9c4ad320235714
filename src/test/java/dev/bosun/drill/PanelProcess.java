package dev.bosun.drill;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.bosun.BosunApplication;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A panel in a JVM of its own (the test JVM's java and class path, the application's main class), as an
 * operator runs it: it can be killed like {@code kill -9}, or halt itself at an armed step, and be started
 * again on the same home. Its output goes to {@code <home>/logs/<name>-<n>.log}.
 */
final class PanelProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path log;
    private final int port;
    private final String readyLine;

    private PanelProcess(Process process, Path log, int port, String readyLine) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.readyLine = readyLine;
    }

    /** Starts a panel with these arguments ({@code --name=value}); returns once it answers and, if given, logged {@code readyLine}. */
    static PanelProcess start(Path home, String name, int port, List<String> arguments, String readyLine)
            throws IOException {
        return start(home, name, port, List.of(), applicationClassPath(), arguments, readyLine);
    }

    /** As {@link #start(Path, String, int, List, String)}, with JVM options and a class path of its own. */
    static PanelProcess start(Path home, String name, int port, List<String> jvmOptions, String classPath,
                              List<String> arguments, String readyLine) throws IOException {
        Path logs = Files.createDirectories(home.resolve("logs"));
        Path log;
        int attempt = 0;
        do {
            log = logs.resolve(name + "-" + (++attempt) + ".log");
        } while (Files.exists(log));
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", classPath, BosunApplication.class.getName(), "--server.port=" + port, "--bosun.home=" + home,
                "--spring.main.banner-mode=off"));
        command.addAll(arguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PanelProcess panel = new PanelProcess(process, log, port, readyLine);
        panel.awaitReady();
        return panel;
    }

    private void awaitReady() {
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The panel ended while starting (status " + process.exitValue()
                            + "):\n" + tail());
                }
                return answers() && (readyLine == null || output().contains(readyLine));
            });
        } catch (ConditionTimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("The panel did not start within " + START_TIMEOUT + ":\n" + tail(), e);
        }
    }

    private boolean answers() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return port;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself (an armed halt); its exit status. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("The panel did not halt within " + timeout + ":\n" + tail());
        }
        return process.exitValue();
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A clean stop (SIGTERM), as a service manager does. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(90, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    Path log() {
        return log;
    }

    /**
     * The test JVM's class path without the test classes: the panel scans its packages for components, and the
     * tests' configurations (test task handlers, benchmark handlers) are no part of the application.
     */
    static String applicationClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).endsWith("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The application class path with its classes folder packed into {@code jar} (written once): class data
     * sharing archives classes from jars only.
     */
    static String applicationClassPathOfJars(Path jar) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : applicationClassPath().split(File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!Files.isDirectory(path)) {
                entries.add(entry);
                continue;
            }
            if (!Files.exists(jar)) {
                pack(path, jar);
            }
            entries.add(jar.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void pack(Path folder, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Path partial = jar.resolveSibling(jar.getFileName() + ".part");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(partial));
             var paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths.sorted()::iterator) {
                String name = folder.relativize(path).toString().replace(File.separatorChar, '/');
                if (name.isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(path)) {
                    out.putNextEntry(new java.util.jar.JarEntry(name + "/"));
                } else {
                    out.putNextEntry(new java.util.jar.JarEntry(name));
                    Files.copy(path, out);
                }
                out.closeEntry();
            }
        }
        Files.move(partial, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
