package dev.bosun;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Once the panel has started, asks {@code bosun.public-url} for the panel's sign-in page, off the start path, and
 * warns when it does not answer as the panel would: mails, login links and disabled sites point there, so a wrong
 * address is better learned at start-up than from a client's broken link.
 */
@Component
class PublicUrlCheck {

    private static final Logger log = LoggerFactory.getLogger(PublicUrlCheck.class);
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final PanelAddress address;

    PublicUrlCheck(PanelAddress address) {
        this.address = address;
    }

    @EventListener(ApplicationReadyEvent.class)
    void afterStart() {
        if (!address.isConfigured()) {
            return;
        }
        Thread check = new Thread(() -> problem(address.local()).ifPresent(problem ->
                log.warn("bosun.public-url {} does not answer as this panel: {}. Mails, login links and disabled "
                        + "sites point there; set it to the address users reach the panel at.", address.local(),
                        problem)), "public-url-check");
        check.setDaemon(true);
        check.start();
    }

    /** Why {@code url} does not serve the panel's sign-in page, or empty when it does. */
    static Optional<String> problem(String url) {
        URI login;
        try {
            login = URI.create(url + "/login");
        } catch (IllegalArgumentException e) {
            return Optional.of("it is not a valid address (" + e.getMessage() + ")");
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(login).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.of(login + " answered " + response.statusCode());
            }
            if (!response.body().contains("Bosun")) {
                return Optional.of(login + " answered, but not with the panel's sign-in page");
            }
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of(login + " could not be reached (" + reason + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("the check was interrupted");
        }
    }
}
