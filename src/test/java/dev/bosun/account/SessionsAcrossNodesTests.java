package dev.bosun.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bosun.task.Nodes;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Sessions live in the panel's database: one node signs in, another (or the same after a restart) knows the user. */
class SessionsAcrossNodesTests {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aSessionCreatedOnOneNodeIsAcceptedByAnother() throws Exception {
        try (Nodes nodes = new Nodes()) {
            ConfigurableApplicationContext a = nodes.start("session-a", List.of());
            ConfigurableApplicationContext b = nodes.start("session-b", List.of());

            String session = signIn(port(a));

            HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port(b) + "/")).header("Cookie", session).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(dashboard.statusCode()).isEqualTo(200);
            assertThat(dashboard.body()).contains("admin");

            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port(b) + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(302);
        }
    }

    /** Signs in through the login form; the session cookie ({@code SESSION=…}). */
    private String signIn(int port) throws Exception {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .build(), HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(login.body());
        assertThat(csrf.find()).as("login form has a CSRF token").isTrue();
        String form = "username=admin&password=" + URLEncoder.encode(BosunTest.ADMIN_PASSWORD, StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> signedIn = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie(login))
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).get().asString().doesNotContain("error");
        return cookie(signedIn);
    }

    private static String cookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("SESSION="))
                .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
