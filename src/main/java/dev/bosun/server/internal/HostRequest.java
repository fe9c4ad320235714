package dev.bosun.server.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.bosun.server.Names;
import dev.bosun.server.ShellException;

/**
 * Asks a web service for one page with a chosen {@code Host} header, the way a visitor whose name resolves to
 * that server would, and reads the status line. A plain HTTP/1.1 request over a socket: the JDK's client does
 * not let a caller set {@code Host}.
 */
final class HostRequest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private HostRequest() {
    }

    /** The status code of {@code GET path} with {@code Host: hostName} at {@code address:port}. */
    static int status(String address, int port, String hostName, String path) {
        String host = Names.hostname("host name", hostName);
        if (path == null || !path.startsWith("/") || !path.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("Not a path to request: " + Names.printable(String.valueOf(path)));
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) TIMEOUT.toMillis());
            socket.setSoTimeout((int) TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: Bosun\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
            String[] parts = statusLine == null ? new String[0] : statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/") || !parts[1].matches("[0-9]{3}")) {
                throw new ShellException(address + ":" + port + " answered no HTTP status line"
                        + (statusLine == null ? "" : ": " + Names.printable(statusLine)));
            }
            return Integer.parseInt(parts[1]);
        } catch (IOException e) {
            throw new ShellException("No answer from " + address + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }
}
