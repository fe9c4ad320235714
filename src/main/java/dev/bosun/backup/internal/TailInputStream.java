package dev.bosun.backup.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers how many bytes passed and whether the last {@code tailSize} of them were zeros: a
 * complete tar stream ends with at least two zero blocks, a truncated one may not.
 */
public final class TailInputStream extends FilterInputStream {

    private final byte[] tail;
    private long count;

    public TailInputStream(InputStream in, int tailSize) {
        super(in);
        this.tail = new byte[tailSize];
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            remember(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        if (n > 0) {
            remember(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (read < 0) {
                break;
            }
            skipped += read;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long count() {
        return count;
    }

    /** Whether at least {@code tailSize} bytes passed and the last {@code tailSize} were all zero. */
    public boolean endsWithZeros() {
        if (count < tail.length) {
            return false;
        }
        for (byte b : tail) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private void remember(byte[] buffer, int offset, int n) {
        count += n;
        if (n >= tail.length) {
            System.arraycopy(buffer, offset + n - tail.length, tail, 0, tail.length);
        } else {
            System.arraycopy(tail, n, tail, 0, tail.length - n);
            System.arraycopy(buffer, offset, tail, tail.length - n, n);
        }
    }
}
