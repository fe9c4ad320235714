package dev.bosun.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

import com.sun.net.httpserver.HttpServer;

/**
 * A port on 127.0.0.1 that answers every request 404, like a web server's default server: the stand-in web
 * service of tests whose reload command does nothing ({@code true}), so that the check after a reload finds it
 * live. One per JVM, started on first use.
 */
public final class AnsweringPort {

    private static HttpServer server;

    private AnsweringPort() {
    }

    public static synchronized int port() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            });
            server.start();
        }
        return server.getAddress().getPort();
    }
}
