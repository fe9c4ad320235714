package dev.bosun.notify.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts a notice to the webhook: the JSON body, signed with HMAC-SHA256 over {@code <timestamp>.<body>}
 * (the timestamp of header {@value #TIMESTAMP}, Unix seconds), so a receiver can refuse a replayed call.
 * Only a 2xx answer counts as delivered; redirects are not followed.
 */
@Component
public class WebhookSender {

    public static final String SIGNATURE = "X-Bosun-Signature";
    public static final String TIMESTAMP = "X-Bosun-Timestamp";
    public static final String EVENT = "X-Bosun-Event";
    public static final String DELIVERY = "X-Bosun-Delivery";

    private final JsonMapper json;
    private final NotifyProperties properties;
    private final Clock clock;
    private final HttpClient client;

    WebhookSender(JsonMapper json, NotifyProperties properties, Clock clock) {
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.client = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Sends once; a failure says why in its message. */
    public void send(String url, String secret, Notice notice) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(notice.body());
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(properties.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "Bosun")
                .header(EVENT, notice.event())
                .header(DELIVERY, notice.delivery())
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("the webhook answered HTTP " + response.statusCode());
        }
    }

    /** Hex HMAC-SHA256 of {@code timestamp + "." + body} with the secret. */
    static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
