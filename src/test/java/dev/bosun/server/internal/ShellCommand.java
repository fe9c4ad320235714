package dev.bosun.server.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * An exec request run as {@code /bin/sh -c <command>}, with the client's end of input closing the
 * process's stdin (which MINA's own process shell does not pass on).
 */
final class ShellCommand implements Command {

    private final String command;
    private final Map<String, String> env;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private Process process;

    ShellCommand(String command, Map<String, String> env) {
        this.command = command;
        this.env = env;
    }

    @Override
    public void start(ChannelSession channel, Environment env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command);
        builder.environment().putAll(this.env);
        process = builder.start();
        Thread feed = pump(in, process.getOutputStream(), true);
        Thread stdout = pump(process.getInputStream(), out, false);
        Thread stderr = pump(process.getErrorStream(), err, false);
        Thread waiter = new Thread(() -> {
            try {
                int code = process.waitFor();
                stdout.join();
                stderr.join();
                feed.interrupt();
                exit.onExit(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "mina-exit");
        waiter.setDaemon(true);
        waiter.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static Thread pump(InputStream from, OutputStream to, boolean closeAtEnd) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[32 * 1024];
            try {
                int n;
                while ((n = from.read(buffer)) >= 0) {
                    to.write(buffer, 0, n);
                    to.flush();
                }
            } catch (IOException ignored) {
                // the other side is gone
            } finally {
                if (closeAtEnd) {
                    try {
                        to.close();
                    } catch (IOException ignored) {
                        // already closed
                    }
                }
            }
        }, "mina-pump");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }
}
