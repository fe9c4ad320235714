package dev.bosun.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import dev.bosun.test.BosunTest;
import dev.bosun.test.TestDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * Hostile requests through the real servlet container, written byte for byte (most of these
 * addresses are not even valid URIs): each answers problem+json with the right status and logs no
 * stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsTests {

    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString(("admin:" + BosunTest.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    @LocalServerPort
    int port;

    static Stream<Arguments> malformedAddresses() {
        return Stream.of(
                Arguments.of("/api/v1/sites/%zz", 400),
                Arguments.of("/api/v1/sites/%", 400),
                Arguments.of("/api/v1/sites/abc", 400),
                Arguments.of("/api/v1/sites?page=x", 400),
                Arguments.of("/api/v1/sites/1;x=y", 400),
                Arguments.of("/api/v1/sites/1%3Bx", 400),
                Arguments.of("/api/v1/sites/a%2Fb", 400),
                Arguments.of("/api/v1/sites/a%5Cb", 400),
                Arguments.of("/api/v1/sites/%00", 400),
                Arguments.of("/api/v1/sites/..%2F..%2Fetc", 400),
                Arguments.of("/api/v1//sites", 400),
                Arguments.of("/api/v1/sites/%25", 400),
                Arguments.of("/api/v1/no-such-thing", 404));
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @MethodSource("malformedAddresses")
    void malformedAddressesAnswerProblemJson(String path, int status, CapturedOutput output) throws IOException {
        Answer answer = send("GET " + path, "", new byte[0]);
        assertProblem(answer, status);
        assertNoStackTrace(output);
    }

    static Stream<Arguments> wrongJsonTypes() {
        return Stream.of(
                Arguments.of("{\"domain\":[\"x\"]}", "domain", "Must be text."),
                Arguments.of("{\"domain\":{\"a\":1}}", "domain", "Must be text."),
                Arguments.of("{\"domain\":7}", "domain", "Must be text."),
                Arguments.of("{\"domain\":true}", "domain", "Must be text."),
                Arguments.of("{\"clientId\":1.5}", "clientId", "Must be a whole number."),
                Arguments.of("{\"clientId\":\"1\"}", "clientId", "Must be a whole number."),
                Arguments.of("{\"clientId\":true}", "clientId", "Must be a whole number."),
                Arguments.of("{\"clientId\":[1]}", "clientId", "Must be a whole number."),
                Arguments.of("{\"redirectAliases\":\"yes\"}", "redirectAliases", "Must be true or false."),
                Arguments.of("{\"redirectAliases\":1}", "redirectAliases", "Must be true or false."),
                Arguments.of("{\"aliases\":\"www.example.com\"}", "aliases", "Must be a list."),
                Arguments.of("{\"aliases\":[\"ok.example.com\",5]}", "aliases[1]", "Must be text."),
                Arguments.of("{\"aliases\":[\"ok.example.com\",{}]}", "aliases[1]", "Must be text."));
    }

    @ParameterizedTest(name = "{0} is refused for {1}")
    @MethodSource("wrongJsonTypes")
    void wrongJsonTypesAnswer422NamingTheField(String body, String field, String message, CapturedOutput output)
            throws IOException {
        Answer answer = send("POST /api/v1/sites", "Content-Type: application/json\r\n",
                body.getBytes(StandardCharsets.UTF_8));
        assertProblem(answer, 422);
        assertThat(answer.body()).contains("\"field\":\"" + field + "\"").contains(message);
        assertNoStackTrace(output);
    }

    @Test
    void bodiesThatAreNotJsonAnswer400(CapturedOutput output) throws IOException {
        Answer answer = send("POST /api/v1/sites", "Content-Type: application/json\r\n",
                "{\"domain\":".getBytes(StandardCharsets.UTF_8));
        assertProblem(answer, 400);
        assertNoStackTrace(output);
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsRefusedUnread(CapturedOutput output) throws IOException {
        Answer answer = send("POST /api/v1/sites", "Content-Type: application/json\r\n",
                json(1024 * 1024 + 1));
        assertProblem(answer, 413);
        assertThat(answer.body()).contains("max-body-size");
        assertNoStackTrace(output);
    }

    @Test
    void aChunkedBodyPastTheLimitIsCutOff(CapturedOutput output) throws IOException {
        Answer answer = sendChunked("POST /api/v1/sites", json(2 * 1024 * 1024));
        assertProblem(answer, 413);
        assertNoStackTrace(output);
    }

    @Test
    void aBodyWithinTheLimitIsRead() throws IOException {
        Answer answer = send("POST /api/v1/sites", "Content-Type: application/json\r\n", json(512 * 1024));
        assertProblem(answer, 422);
        assertThat(answer.body()).contains("\"field\":\"domain\"");
    }

    @Test
    void theErrorPageItselfIsNotAnError(CapturedOutput output) throws IOException {
        Answer answer = sendAnonymous("GET /error");
        assertProblem(answer, 404);
        assertNoStackTrace(output);
    }

    private static void assertProblem(Answer answer, int status) {
        assertThat(answer.status()).as(answer.head()).isEqualTo(status);
        assertThat(answer.head()).containsIgnoringCase("Content-Type: application/problem+json");
        assertThat(answer.body()).contains("\"status\":" + status).doesNotContain("Exception").doesNotContain("<html");
    }

    private static void assertNoStackTrace(CapturedOutput output) {
        assertThat(output.getAll()).doesNotContain("\tat ").doesNotContain(" ERROR ");
    }

    /** A JSON object of about {@code size} bytes whose {@code note} pads it; its domain is missing. */
    private static byte[] json(int size) {
        return ("{\"note\":\"" + "x".repeat(size) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private Answer send(String requestLine, String headers, byte[] body) throws IOException {
        String head = requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept: application/json\r\n"
                + "Authorization: " + ADMIN + "\r\n" + headers
                + (body.length > 0 ? "Content-Length: " + body.length + "\r\n" : "") + "\r\n";
        return exchange(head, body);
    }

    private Answer sendAnonymous(String requestLine) throws IOException {
        return exchange(requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept: */*\r\n\r\n",
                new byte[0]);
    }

    private Answer sendChunked(String requestLine, byte[] body) throws IOException {
        String head = requestLine + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept: application/json\r\n"
                + "Authorization: " + ADMIN + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int offset = 0; offset < body.length; offset += 8192) {
            int length = Math.min(8192, body.length - offset);
            chunked.writeBytes((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(body, offset, length);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return exchange(head, chunked.toByteArray());
    }

    private Answer exchange(String head, byte[] body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                out.write(body);
                out.flush();
            } catch (IOException refusedEarly) {
                // The panel may answer and close before it has read a refused body.
            }
            socket.shutdownOutput();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int split = response.indexOf("\r\n\r\n");
            String responseHead = split < 0 ? response : response.substring(0, split);
            String responseBody = split < 0 ? "" : response.substring(split + 4);
            int status = Integer.parseInt(responseHead.substring(9, 12));
            return new Answer(status, responseHead, responseBody);
        }
    }

    private record Answer(int status, String head, String body) {
    }
}
