package dev.bosun;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server process that a panel killed without a clean stop (kill -9, power cut of the JVM only) left running: it
 * still holds its data directory or port, so a new one cannot start. Found through the pid file the server writes,
 * and told apart from an unrelated process that got the same pid by its command line (Linux {@code /proc}).
 *
 * <p>A server started as the leader of a process group of its own ({@code setsid}) can be stopped with its workers
 * as one group ({@link #stopGroup}); the workers a master killed hard left behind (its pid file naming a dead
 * process) are found by their group and their command line ({@link #orphanedGroupMembers}). Servers started in the
 * caller's group are stopped by their pid only ({@link #stop}).
 */
public record LeftoverProcess(long pid, String commandLine) {

    private static final Logger log = LoggerFactory.getLogger(LeftoverProcess.class);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Path PROC = Path.of("/proc");

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

    /** True when the process leads its own process group (its pgid is its pid), as a server started by setsid. */
    public boolean leadsGroup() {
        return processGroup(pid).equals(OptionalLong.of(pid));
    }

    /**
     * Stops the process with the group it leads (its workers): {@code signal} to the group, a wait of up to
     * {@code wait} until no process of the group is left, then KILL to the group for what is left. A process that
     * does not lead its own group (started without setsid, in its parent's group) is stopped by its pid only, as
     * {@link #stop} does. True when the process and its group are gone.
     */
    public boolean stopGroup(String signal, Duration wait) {
        if (!leadsGroup()) {
            return stop(signal, wait);
        }
        return stopGroups(List.of(pid), signal, wait);
    }

    /**
     * Stops the process groups: {@code signal} to each that has processes left, a wait of up to {@code wait} until
     * none has, then KILL to the groups still having some. Group ids of 0 or 1 and the caller's own group are never
     * signalled. True when no process of the groups is left.
     */
    public static boolean stopGroups(Collection<Long> pgids, String signal, Duration wait) {
        List<Long> groups = pgids.stream().filter(LeftoverProcess::signallable).toList();
        groups.stream().filter(pgid -> !groupMembers(pgid).isEmpty()).forEach(pgid -> signalGroup(pgid, signal));
        if (awaitGroupsEmpty(groups, wait)) {
            return true;
        }
        List<Long> left = groups.stream().filter(pgid -> !groupMembers(pgid).isEmpty()).toList();
        log.warn("Process group(s) {} still have processes {} s after SIG{}; killing them", left, wait.toSeconds(),
                signal);
        left.forEach(pgid -> signalGroup(pgid, "KILL"));
        return awaitGroupsEmpty(groups, KILL_WAIT);
    }

    /**
     * The processes left of the group that the pid file's process led, when that process is gone (a master killed
     * hard leaves its workers running): only those in that group whose command line starts with one of
     * {@code commandPrefixes} ("nginx: worker process"), so that nothing but the server's own workers is taken. None
     * when the pid file names a live process (an unrelated program that got the pid leads a group of its own), or
     * was written before this boot. A zombie (a dead master its parent did not wait for yet) counts as gone.
     */
    public static List<LeftoverProcess> orphanedGroupMembers(Path pidFile, List<String> commandPrefixes) {
        Optional<Long> pid = readPid(pidFile);
        if (pid.isEmpty() || !signallable(pid.get()) || live(pid.get()) || writtenBeforeBoot(pidFile)) {
            return List.of();
        }
        return verifiedMembers(pid.get(), commandPrefixes);
    }

    /**
     * Stops processes found by {@link #orphanedGroupMembers}, one by one: {@code signal}, a wait of up to
     * {@code wait}, then KILL to those still running with the same command line. True when all are gone.
     */
    public static boolean stopAll(List<LeftoverProcess> processes, String signal, Duration wait) {
        processes.forEach(process -> process.signal(signal));
        long deadline = System.nanoTime() + wait.toNanos();
        while (processes.stream().anyMatch(LeftoverProcess::stillThere) && System.nanoTime() < deadline) {
            pause();
        }
        List<LeftoverProcess> left = processes.stream().filter(LeftoverProcess::stillThere).toList();
        if (left.isEmpty()) {
            return true;
        }
        log.warn("Processes {} did not stop within {} s after SIG{}; killing them", left, wait.toSeconds(), signal);
        left.forEach(process -> process.signal("KILL"));
        long killDeadline = System.nanoTime() + KILL_WAIT.toNanos();
        while (left.stream().anyMatch(LeftoverProcess::stillThere) && System.nanoTime() < killDeadline) {
            pause();
        }
        return left.stream().noneMatch(LeftoverProcess::stillThere);
    }

    /** The live (not zombie) processes whose process group is {@code pgid}. */
    public static List<Long> groupMembers(long pgid) {
        List<Long> members = new ArrayList<>();
        try (Stream<Path> entries = Files.list(PROC)) {
            entries.map(entry -> entry.getFileName().toString()).filter(name -> name.chars().allMatch(Character::isDigit))
                    .map(Long::parseLong)
                    .filter(member -> stat(member).filter(stat -> !stat[0].equals("Z"))
                            .map(stat -> stat[2].equals(Long.toString(pgid))).orElse(false))
                    .forEach(members::add);
        } catch (IOException e) {
            return List.of();
        }
        return members;
    }

    /** The process group of the process ({@code /proc/<pid>/stat}, field 5), when it is alive and readable. */
    public static OptionalLong processGroup(long pid) {
        Optional<String[]> stat = stat(pid);
        if (stat.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(stat.get()[2]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static List<LeftoverProcess> verifiedMembers(long pgid, List<String> commandPrefixes) {
        return groupMembers(pgid).stream()
                .flatMap(member -> commandLine(member)
                        .filter(line -> commandPrefixes.stream().anyMatch(line::startsWith))
                        .map(line -> new LeftoverProcess(member, line)).stream())
                .toList();
    }

    /** Still alive and with the same command line: not a reused pid. */
    private boolean stillThere() {
        return live(pid) && commandLine(pid).filter(commandLine::equals).isPresent();
    }

    /** Running: neither gone nor a zombie. */
    private static boolean live(long pid) {
        return stat(pid).filter(stat -> !stat[0].equals("Z")).isPresent();
    }

    /** Never 0 (the caller's group for kill), 1 (init) or the caller's own group. */
    private static boolean signallable(long pgid) {
        return pgid > 1 && processGroup(ProcessHandle.current().pid()).stream().noneMatch(own -> own == pgid);
    }

    private static boolean signalGroup(long pgid, String signal) {
        if (!signallable(pgid)) {
            return false;
        }
        return kill(signal, "-" + pgid);
    }

    private static boolean awaitGroupsEmpty(List<Long> groups, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (groups.stream().anyMatch(pgid -> !groupMembers(pgid).isEmpty())) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The fields of {@code /proc/<pid>/stat} from field 3 (state) on: the command name before them (field 2) is in
     * parentheses and may itself contain spaces and parentheses, so the fields start after the last ')'.
     */
    private static Optional<String[]> stat(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            if (end < 0) {
                return Optional.empty();
            }
            String[] fields = stat.substring(end + 1).strip().split(" +");
            return fields.length < 3 ? Optional.empty() : Optional.of(fields);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** A pid file older than the boot names no process of this boot. */
    private static boolean writtenBeforeBoot(Path pidFile) {
        try (Stream<String> lines = Files.lines(PROC.resolve("stat"))) {
            Optional<Long> boot = lines.filter(line -> line.startsWith("btime ")).findFirst()
                    .map(line -> Long.parseLong(line.substring("btime ".length()).strip()));
            return boot.isPresent() && Files.getLastModifiedTime(pidFile).toMillis() / 1000 < boot.get();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private boolean signal(String signal) {
        return kill(signal, Long.toString(pid));
    }

    private static boolean kill(String signal, String target) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", target)
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
