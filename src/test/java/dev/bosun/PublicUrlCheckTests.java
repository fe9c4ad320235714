package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The start-up check of {@code bosun.public-url}: quiet for the panel's own sign-in page, a reason otherwise. */
class PublicUrlCheckTests {

    HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void theSignInPageOfAPanelPasses() throws IOException {
        String url = serve(200, "<title>Sign in · Bosun</title>");
        assertThat(PublicUrlCheck.problem(url)).isEmpty();
    }

    @Test
    void anotherSiteAnErrorAndNothingListeningAreNamed() throws IOException {
        assertThat(PublicUrlCheck.problem(serve(200, "<title>Welcome to nginx!</title>")))
                .hasValueSatisfying(problem -> assertThat(problem).contains("not with the panel's sign-in page"));
        stop();
        assertThat(PublicUrlCheck.problem(serve(502, "Bad Gateway")))
                .hasValueSatisfying(problem -> assertThat(problem).endsWith("/login answered 502"));
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        assertThat(PublicUrlCheck.problem("http://127.0.0.1:" + closed))
                .hasValueSatisfying(problem -> assertThat(problem).contains("could not be reached"));
        assertThat(PublicUrlCheck.problem("http://exa mple.com"))
                .hasValueSatisfying(problem -> assertThat(problem).contains("not a valid address"));
    }

    private String serve(int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/login", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }
}
