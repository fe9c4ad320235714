package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;

import dev.bosun.test.BosunTest;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/** Errors through the real servlet container: pages for people, problem+json for programs. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
class ErrorResponsesTests {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void apiErrorsAreProblemJson() throws Exception {
        HttpResponse<String> response = send("/api/v1/no-such-thing", "*/*");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":404").contains("\"instance\":\"/api/v1/no-such-thing\"")
                .doesNotContain("trace").doesNotContain("Exception");
    }

    @Test
    void browsersGetTheNotFoundPageInTheLayout() throws Exception {
        HttpResponse<String> response = send("/api/v1/no-such-thing", "text/html");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("<title>Not found · Bosun</title>").contains("class=\"sidebar\"")
                .contains("Go to the dashboard");
    }

    private HttpResponse<String> send(String path, String accept) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("admin:" + BosunTest.ADMIN_PASSWORD).getBytes());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept).header("Authorization", "Basic " + basic).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
