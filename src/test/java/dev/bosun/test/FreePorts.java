package dev.bosun.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** A free local port for a test server, so that suites running side by side do not collide. */
public final class FreePorts {

    private FreePorts() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
