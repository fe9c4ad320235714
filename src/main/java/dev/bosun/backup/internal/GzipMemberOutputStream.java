package dev.bosun.backup.internal;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;
import org.apache.commons.io.output.CloseShieldOutputStream;

/** Gzip on the writing thread, one member until {@link #endMember()} starts the next. */
public final class GzipMemberOutputStream extends OutputStream implements GzipMembers {

    private final OutputStream out;
    private final GzipParameters parameters;
    private GzipCompressorOutputStream member;
    private boolean anyMember;

    public GzipMemberOutputStream(OutputStream out, GzipParameters parameters) {
        this.out = out;
        this.parameters = parameters;
    }

    @Override
    public void write(int b) throws IOException {
        member().write(b);
    }

    @Override
    public void write(byte[] data, int offset, int length) throws IOException {
        member().write(data, offset, length);
    }

    @Override
    public void endMember() throws IOException {
        if (member != null) {
            member.close();
            member = null;
        }
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        if (!anyMember) {
            member();
        }
        endMember();
        out.close();
    }

    private GzipCompressorOutputStream member() throws IOException {
        if (member == null) {
            member = new GzipCompressorOutputStream(CloseShieldOutputStream.wrap(out), parameters);
            anyMember = true;
        }
        return member;
    }
}
