package dev.bosun.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.bosun.task.TaskLogger;

/**
 * Runs commands and moves files on one server: the master's local shell or SSH to a remote one.
 * Commands are argument lists ({@link Command}); output is streamed line by line while they run.
 */
public interface Shell {

    /** The server's name, for messages. */
    String serverName();

    boolean isLocal();

    /** Runs a command, streaming its output lines to {@code output}; stops it after {@code timeout}. */
    CommandResult run(Command command, LineSink output, Duration timeout);

    /** Runs a command with its line in the task log (info) and its output as output lines. */
    default CommandResult run(Command command, TaskLogger log, Duration timeout) {
        log.info("$ " + command);
        return run(command, LineSink.of(log), timeout);
    }

    /**
     * Runs a command with binary streams: {@code stdin} (may be null) is fed to it and closed, its stdout is
     * copied to {@code stdout}; stderr lines go to {@code stderr}. Returns the exit code. For dumps and archives.
     */
    int exec(Command command, InputStream stdin, OutputStream stdout, LineSink stderr, Duration timeout);

    /**
     * Runs a command tracked under {@code tag} ({@link TrackedProcesses}): in its own process group, its group id
     * recorded on this server until it ends, so that {@link #stopTracked} finds it even from another panel node
     * after this one died. On a timeout everything tracked under the tag is stopped.
     */
    default CommandResult runTracked(String tag, Command command, LineSink output, Duration timeout) {
        try {
            return run(TrackedProcesses.wrap(tag, command), output, timeout);
        } catch (ShellTimeoutException timedOut) {
            stopTracked(tag, TrackedProcesses.STOP_GRACE);
            throw timedOut;
        }
    }

    /** Like {@link #exec}, tracked under {@code tag} as {@link #runTracked} is. */
    default int execTracked(String tag, Command command, InputStream stdin, OutputStream stdout, LineSink stderr,
                            Duration timeout) {
        try {
            return exec(TrackedProcesses.wrap(tag, command), stdin, stdout, stderr, timeout);
        } catch (ShellTimeoutException timedOut) {
            stopTracked(tag, TrackedProcesses.STOP_GRACE);
            throw timedOut;
        }
    }

    /**
     * Stops every process group tracked under {@code tag} on this server: TERM, up to {@code grace} for them to
     * end, then KILL; their pid files are removed. Returns what it stopped (empty when nothing ran).
     */
    default List<TrackedProcesses.Stopped> stopTracked(String tag, Duration grace) {
        CommandResult result = run(TrackedProcesses.stop(tag, grace), LineSink.NONE,
                grace.plus(Duration.ofMinutes(1)));
        result.orThrow("Stopping the processes tracked as " + tag + " on " + serverName());
        return TrackedProcesses.parse(result.stdout());
    }

    /** Copies a local file or directory (recursively) to {@code remotePath} on this server. */
    void push(Path local, String remotePath);

    /** Copies a file or directory from this server to {@code local}. */
    void pull(String remotePath, Path local);

    /**
     * Like {@link #push}, with whatever program the copy runs outside the panel (rsync and its ssh, on the master)
     * tracked under {@code tag}, so that {@link #stopTracked} on the master stops it after the panel died. A copy
     * the panel makes itself (SFTP, a local copy) ends with the panel's process.
     */
    default void pushTracked(String tag, Path local, String remotePath) {
        push(local, remotePath);
    }

    /** Like {@link #pull}, tracked as {@link #pushTracked} is. */
    default void pullTracked(String tag, String remotePath, Path local) {
        pull(remotePath, local);
    }
}
