package dev.bosun.backup.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Where an archive's {@code database.sql} starts: the writer begins a new gzip member at its tar
 * header and ends the file with one more, empty, member whose header carries that member's
 * offset in an extra field (RFC 1952 2.3.1.1, subfield 'Bd'). Every gzip reader skips the extra
 * field and inflates the empty member to nothing, so the archive stays a plain {@code .tar.gz};
 * a restore reads the offset from the last 34 bytes to import the dump while it unpacks the files.
 */
public final class DatabaseIndex {

    public static final int TRAILER_SIZE = 34;
    private static final byte[] HEAD = {0x1f, (byte) 0x8b, 8, 4, 0, 0, 0, 0, 0, (byte) 0xff, 12, 0, 'B', 'd', 8, 0};
    private static final byte[] TAIL = {3, 0, 0, 0, 0, 0, 0, 0, 0, 0};

    private DatabaseIndex() {
    }

    /** The trailing member naming {@code offset}, the first byte of the member that holds database.sql. */
    public static byte[] trailer(long offset) {
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        trailer.put(HEAD).putLong(offset).put(TAIL);
        return trailer.array();
    }

    /**
     * The offset the archive's trailer names, when it has one that points at a gzip member inside
     * the file; empty for archives without it (written before, or by other tools).
     */
    public static OptionalLong read(FileChannel archive) throws IOException {
        long size = archive.size();
        if (size < TRAILER_SIZE + 10) {
            return OptionalLong.empty();
        }
        ByteBuffer trailer = ByteBuffer.allocate(TRAILER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        readFully(archive, trailer, size - TRAILER_SIZE);
        byte[] bytes = trailer.array();
        if (!Arrays.equals(bytes, 0, HEAD.length, HEAD, 0, HEAD.length)
                || !Arrays.equals(bytes, TRAILER_SIZE - TAIL.length, TRAILER_SIZE, TAIL, 0, TAIL.length)) {
            return OptionalLong.empty();
        }
        long offset = trailer.getLong(HEAD.length);
        if (offset <= 0 || offset >= size - TRAILER_SIZE) {
            return OptionalLong.empty();
        }
        ByteBuffer magic = ByteBuffer.allocate(3);
        readFully(archive, magic, offset);
        return magic.get(0) == 0x1f && magic.get(1) == (byte) 0x8b && magic.get(2) == 8
                ? OptionalLong.of(offset) : OptionalLong.empty();
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new java.io.EOFException("the archive ended while reading its index");
            }
        }
    }
}
