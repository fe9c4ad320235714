package dev.bosun.server.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

import dev.bosun.server.CommandResult;
import dev.bosun.server.LineSink;

/** Threads that move a running command's streams: lines to a sink (and a capped capture), bytes between streams. */
final class Pumps {

    private Pumps() {
    }

    /** Keeps the first {@link CommandResult#CAPTURE_LIMIT} characters of a stream. */
    static final class Capture {

        private final StringBuilder text = new StringBuilder();

        synchronized void add(String line) {
            if (text.length() < CommandResult.CAPTURE_LIMIT) {
                text.append(line, 0, Math.min(line.length(), CommandResult.CAPTURE_LIMIT - text.length())).append('\n');
            }
        }

        synchronized String text() {
            return text.toString();
        }
    }

    /** Reads lines and hands each to the sink (one line at a time across threads) and the capture. */
    static Thread lines(String name, InputStream in, LineSink sink, Capture capture, Object lock) {
        return start(name, () -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    capture.add(line);
                    synchronized (lock) {
                        sink.line(line);
                    }
                }
            } catch (IOException e) {
                // the stream was closed because the command was stopped
            }
        });
    }

    /** Copies bytes; a failure is kept in {@code failure}. Closes {@code out} at the end when asked. */
    static Thread copy(String name, InputStream in, OutputStream out, boolean closeOut, AtomicReference<IOException> failure) {
        return start(name, () -> {
            try {
                in.transferTo(out);
                out.flush();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            } finally {
                if (closeOut) {
                    closeQuietly(out);
                }
            }
        });
    }

    static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // nothing left to do with a stream that will not close
        }
    }

    private static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
