package dev.bosun.backup.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.function.BooleanSupplier;

/**
 * Reads the bytes {@code [start, end)} of a file by position, so that two readers can work on
 * parts of one file at once; when {@code stop} says so, the next read fails with {@link Stopped}.
 * Closing it leaves the channel open.
 */
public final class FileRangeInputStream extends InputStream {

    private final FileChannel channel;
    private final long end;
    private final BooleanSupplier stop;
    private final String why;
    private long position;

    public FileRangeInputStream(FileChannel channel, long start, long end, BooleanSupplier stop, String why) {
        this.channel = channel;
        this.position = start;
        this.end = end;
        this.stop = stop;
        this.why = why;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (stop.getAsBoolean()) {
            throw new Stopped(why);
        }
        if (length == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int n = channel.read(ByteBuffer.wrap(buffer, offset, (int) Math.min(length, end - position)), position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, end - position);
    }

    /** The read was stopped from outside, because the other part of the work failed. */
    public static final class Stopped extends IOException {

        public Stopped(String message) {
            super(message);
        }
    }
}
