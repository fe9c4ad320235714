package dev.bosun.server.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

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
        checkPath(path);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), (int) TIMEOUT.toMillis());
            return ask(socket, address, port, host, path);
        } catch (IOException e) {
            throw new ShellException("No answer from " + address + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    /**
     * As {@link #status}, over TLS with {@code hostName} as SNI. The certificate is not judged here (the panel need
     * not trust the site's CA, and a fresh certificate may come from a test CA): this asks whether the site serves.
     */
    static int statusOverTls(String address, int port, String hostName, String path) {
        String host = Names.hostname("host name", hostName);
        checkPath(path);
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, port), (int) TIMEOUT.toMillis());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new AnyCertificate()}, null);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, address, port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setServerNames(List.of(new SNIHostName(host)));
                socket.setSSLParameters(parameters);
                return ask(socket, address, port, host, path);
            }
        } catch (IOException | GeneralSecurityException e) {
            throw new ShellException("No HTTPS answer from " + address + ":" + port + " (" + e.getMessage() + ")", e);
        }
    }

    private static void checkPath(String path) {
        if (path == null || !path.startsWith("/") || !path.chars().allMatch(c -> c > 32 && c < 127)) {
            throw new IllegalArgumentException("Not a path to request: " + Names.printable(String.valueOf(path)));
        }
    }

    private static int ask(Socket socket, String address, int port, String host, String path) throws IOException {
        {
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
        }
    }

    /** Accepts any server certificate: see {@link #statusOverTls}. */
    private static final class AnyCertificate implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // the question is whether the site serves, not whom to trust
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
