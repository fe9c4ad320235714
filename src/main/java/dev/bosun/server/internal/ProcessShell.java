package dev.bosun.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.LineSink;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellException;
import dev.bosun.server.ShellTimeoutException;

/** What the local and the SSH shell share: streaming a started command's output and enforcing its timeout. */
abstract class ProcessShell implements Shell {

    private static final Duration DRAIN_GRACE = Duration.ofSeconds(5);

    /** A started command, local process or SSH channel. */
    interface Running {
        InputStream stdout();

        InputStream stderr();

        OutputStream stdin();

        /** Waits for the command to end; false when {@code timeout} passed first. */
        boolean waitFor(Duration timeout) throws InterruptedException;

        int exitCode();

        /** Stops the command and closes its streams. */
        void kill();
    }

    /** Starts the command, or returns null when its program does not exist (reported as exit code 127). */
    protected abstract Running start(Command command);

    @Override
    public CommandResult run(Command command, LineSink output, Duration timeout) {
        Running running = start(command);
        if (running == null) {
            String message = command.program() + ": not found";
            output.line(message);
            return new CommandResult(127, "", message + "\n");
        }
        Pumps.closeQuietly(running.stdin());
        Pumps.Capture out = new Pumps.Capture();
        Pumps.Capture err = new Pumps.Capture();
        Object lock = new Object();
        Thread stdout = Pumps.lines("shell-out", running.stdout(), output, out, lock);
        Thread stderr = Pumps.lines("shell-err", running.stderr(), output, err, lock);
        finish(command, running, timeout, stdout, stderr);
        return new CommandResult(running.exitCode(), out.text(), err.text());
    }

    @Override
    public int exec(Command command, InputStream stdin, OutputStream stdout, LineSink stderr, Duration timeout) {
        Running running = start(command);
        if (running == null) {
            stderr.line(command.program() + ": not found");
            return 127;
        }
        AtomicReference<IOException> feedFailure = new AtomicReference<>();
        AtomicReference<IOException> copyFailure = new AtomicReference<>();
        Thread feed = stdin == null ? null : Pumps.copy("shell-in", stdin, running.stdin(), true, feedFailure);
        if (stdin == null) {
            Pumps.closeQuietly(running.stdin());
        }
        Thread out = Pumps.copy("shell-out", running.stdout(), stdout, false, copyFailure);
        Thread err = Pumps.lines("shell-err", running.stderr(), stderr, new Pumps.Capture(), new Object());
        finish(command, running, timeout, out, err);
        join(feed, DRAIN_GRACE);
        if (copyFailure.get() != null) {
            throw new ShellException("Could not take the output of `" + command + "` on " + serverName() + ": "
                    + copyFailure.get().getMessage(), copyFailure.get());
        }
        int exitCode = running.exitCode();
        if (exitCode == 0 && feedFailure.get() != null) {
            throw new ShellException("Could not feed the input of `" + command + "` on " + serverName() + ": "
                    + feedFailure.get().getMessage(), feedFailure.get());
        }
        return exitCode;
    }

    private void finish(Command command, Running running, Duration timeout, Thread... pumps) {
        try {
            if (!running.waitFor(timeout)) {
                running.kill();
                joinAll(DRAIN_GRACE, pumps);
                throw new ShellTimeoutException("`" + command + "` on " + serverName() + " did not finish within "
                        + human(timeout) + " and was stopped.");
            }
            if (!joinAll(DRAIN_GRACE, pumps)) {
                // a background child still holds the output open; the command itself has ended
                running.kill();
                joinAll(DRAIN_GRACE, pumps);
            }
        } catch (InterruptedException e) {
            running.kill();
            Thread.currentThread().interrupt();
            throw new ShellException("Interrupted while `" + command + "` ran on " + serverName());
        }
    }

    private static boolean joinAll(Duration grace, Thread... threads) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
        for (Thread thread : threads) {
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private static void join(Thread thread, Duration grace) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(grace.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String human(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
