package dev.bosun.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads its source on a thread of its own, a few chunks ahead: decompression runs on one core
 * while the reader parses tar and writes files on another, as {@code gzip -d | tar x} does.
 * A failure of the source (e.g. a truncated gzip stream) is thrown to the reader, as it was.
 */
public final class ReadAheadInputStream extends InputStream {

    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks;
    private final Thread thread;
    private final InputStream source;
    private volatile IOException failure;
    private byte[] current = new byte[0];
    private int position;
    private boolean ended;

    public ReadAheadInputStream(InputStream source, int chunkSize, int depth, String name) {
        this.source = source;
        this.chunks = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(() -> fill(chunkSize), name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void fill(int chunkSize) {
        try {
            while (true) {
                byte[] chunk = new byte[chunkSize];
                int n = source.readNBytes(chunk, 0, chunkSize);
                if (n > 0) {
                    chunks.put(n < chunkSize ? Arrays.copyOf(chunk, n) : chunk);
                }
                if (n < chunkSize) {
                    break;
                }
            }
        } catch (IOException e) {
            failure = e;
        } catch (RuntimeException e) {
            failure = new IOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            return;
        }
        try {
            chunks.put(END);
        } catch (InterruptedException ignored) {
            // the reader closed the stream
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (position == current.length && !next()) {
            return -1;
        }
        int n = Math.min(length, current.length - position);
        System.arraycopy(current, position, buffer, offset, n);
        position += n;
        return n;
    }

    private boolean next() throws IOException {
        if (ended) {
            return false;
        }
        try {
            current = chunks.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading ahead");
        }
        position = 0;
        if (current == END) {
            ended = true;
            if (failure != null) {
                throw failure;
            }
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        source.close();
    }
}
