package dev.bosun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process that a panel killed without a clean stop (kill -9, power cut of the JVM only) left running: it
 * still holds its data directory or port, so a new one cannot start. Found through the pid file the server writes,
 * and told apart from an unrelated process that got the same pid by its command line (Linux {@code /proc}).
 */
public record LeftoverProcess(long pid, String commandLine) {

    private static final Logger log = LoggerFactory.getLogger(LeftoverProcess.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);

    /** What a pid file says about the process it names. */
    public enum State {
        /** No pid file. */
        NONE,
        /** The pid file names no live process, or one that is not this server: it is left over. */
        STALE,
        /** A live process whose command line names this server's files. */
        RUNNING,
        /** The pid file cannot be read or the process's command line cannot be read: left alone. */
        UNKNOWN
    }

    /** The state the pid file describes; {@code markers}: one of them appears in the server's command line. */
    public static State state(Path pidFile, List<String> markers) {
        if (!Files.exists(pidFile)) {
            return State.NONE;
        }
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty()) {
            return State.UNKNOWN;
        }
        if (ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive).isEmpty()) {
            return State.STALE;
        }
        return commandLine(pid.get())
                .map(line -> markers.stream().anyMatch(line::contains) ? State.RUNNING : State.STALE)
                .orElse(State.UNKNOWN);
    }

    /** The live server the pid file names, when its command line contains one of {@code markers}. */
    public static Optional<LeftoverProcess> find(Path pidFile, List<String> markers) {
        if (state(pidFile, markers) != State.RUNNING) {
            return Optional.empty();
        }
        long pid = readPid(pidFile).orElseThrow();
        return commandLine(pid).map(line -> new LeftoverProcess(pid, line));
    }

    /** The path as given and, when it exists, as the file system resolves it: servers print either. */
    public static List<String> pathMarkers(Path path) {
        String absolute = path.toAbsolutePath().normalize().toString();
        try {
            return List.of(absolute, path.toRealPath().toString());
        } catch (IOException e) {
            return List.of(absolute);
        }
    }

    /**
     * Sends {@code signal} (TERM, INT, QUIT: the server's clean stop) and waits up to {@code wait}; a server still
     * running then is killed. True when the process is gone.
     */
    public boolean stop(String signal, Duration wait) {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty()) {
            return true;
        }
        if (!signal(signal)) {
            handle.get().destroy();
        }
        if (awaitExit(handle.get(), wait)) {
            return true;
        }
        log.warn("Process {} did not stop within {} s after SIG{}; killing it", pid, wait.toSeconds(), signal);
        handle.get().destroyForcibly();
        return awaitExit(handle.get(), KILL_WAIT);
    }

    private boolean signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean awaitExit(ProcessHandle handle, Duration wait) {
        try {
            handle.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Arguments joined by spaces; servers that rewrite their title (nginx, php-fpm) show it here. */
    private static Optional<String> commandLine(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String line = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
            return line.isEmpty() ? Optional.empty() : Optional.of(line);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return "process " + pid + " (" + Arrays.stream(commandLine.split(" ")).limit(6)
                .reduce((a, b) -> a + " " + b).orElse("") + ")";
    }
}
