package dev.bosun;

import java.io.IOException;

/** Failures that come back from another thread (a future's cause), thrown again as what they are. */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure as an {@link IOException} to throw: itself when it is one; an unchecked exception or an error is
     * thrown from here as it is; any other checked exception is wrapped.
     */
    public static IOException rethrown(Throwable failure) {
        if (failure instanceof IOException io) {
            return io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IOException(failure);
    }
}
