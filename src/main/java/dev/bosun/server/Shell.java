package dev.bosun.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

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

    /** Copies a local file or directory (recursively) to {@code remotePath} on this server. */
    void push(Path local, String remotePath);

    /** Copies a file or directory from this server to {@code local}. */
    void pull(String remotePath, Path local);
}
