package dev.bosun.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server's shell whose every command runs tracked under one tag ({@link TrackedProcesses}): what a task runs
 * through it can be stopped by the tag after the panel that started it died. Files move tracked too
 * ({@link Shell#pushTracked}): an rsync to or from a remote server runs on the master under the tag.
 */
public final class TrackedShell implements Shell {

    private final Shell shell;
    private final String tag;

    private TrackedShell(Shell shell, String tag) {
        this.shell = shell instanceof TrackedShell tracked ? tracked.shell : shell;
        this.tag = TrackedProcesses.requireTag(tag);
    }

    /** {@code shell} with its commands tracked under {@code tag}. */
    public static Shell of(Shell shell, String tag) {
        return new TrackedShell(shell, tag);
    }

    public String tag() {
        return tag;
    }

    @Override
    public String serverName() {
        return shell.serverName();
    }

    @Override
    public boolean isLocal() {
        return shell.isLocal();
    }

    @Override
    public CommandResult run(Command command, LineSink output, Duration timeout) {
        return shell.runTracked(tag, command, output, timeout);
    }

    @Override
    public int exec(Command command, InputStream stdin, OutputStream stdout, LineSink stderr, Duration timeout) {
        return shell.execTracked(tag, command, stdin, stdout, stderr, timeout);
    }

    @Override
    public CommandResult runTracked(String otherTag, Command command, LineSink output, Duration timeout) {
        return shell.runTracked(otherTag, command, output, timeout);
    }

    @Override
    public int execTracked(String otherTag, Command command, InputStream stdin, OutputStream stdout, LineSink stderr,
                           Duration timeout) {
        return shell.execTracked(otherTag, command, stdin, stdout, stderr, timeout);
    }

    @Override
    public List<TrackedProcesses.Stopped> stopTracked(String otherTag, Duration grace) {
        return shell.stopTracked(otherTag, grace);
    }

    @Override
    public void push(Path local, String remotePath) {
        shell.pushTracked(tag, local, remotePath);
    }

    @Override
    public void pull(String remotePath, Path local) {
        shell.pullTracked(tag, remotePath, local);
    }

    @Override
    public void pushTracked(String otherTag, Path local, String remotePath) {
        shell.pushTracked(otherTag, local, remotePath);
    }

    @Override
    public void pullTracked(String otherTag, String remotePath, Path local) {
        shell.pullTracked(otherTag, remotePath, local);
    }
}
