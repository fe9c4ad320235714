package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** Behind a TLS proxy (here: the test, from the loopback address) the panel knows it is served over https. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class ProxyHeadersTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void forwardedHttpsMakesTheSessionCookieSecureAndSendsHsts() throws Exception {
        HttpResponse<String> response = http.send(request("/login")
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Host", "panel.example.com").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Strict-Transport-Security")).get().asString().contains("max-age=");
        assertThat(response.headers().allValues("Set-Cookie")).anySatisfy(cookie ->
                assertThat(cookie).contains("SESSION").containsIgnoringCase("; Secure"));
    }

    @Test
    void plainHttpHasNoHstsAndNoSecureCookie() throws Exception {
        HttpResponse<String> response = http.send(request("/login").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(response.headers().allValues("Set-Cookie")).isNotEmpty()
                .allSatisfy(cookie -> assertThat(cookie).doesNotContainIgnoringCase("secure"));
    }

    @Test
    void everyResponseSendsTheReferrerPolicy() throws Exception {
        for (String path : new String[] {"/login", "/api/v1/sites", "/actuator/health", "/no-such-page"}) {
            HttpResponse<String> response = http.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("same-origin");
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Accept", "text/html");
    }
}
