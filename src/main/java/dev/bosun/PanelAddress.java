package dev.bosun;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The panel's public address, without a trailing slash: {@code bosun.public-url} when set; else, inside a request,
 * the address the request came to (forwarded headers honoured); else {@code http://localhost:<port>} with the port
 * the web server actually listens on.
 */
@Component
public class PanelAddress {

    private final String configured;
    private volatile int port = 8080;

    public PanelAddress(BosunProperties properties) {
        String url = properties.publicUrl();
        this.configured = url == null || url.isBlank() ? null : url.strip().replaceAll("/+$", "");
    }

    @EventListener
    void onWebServer(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() == null) {
            port = event.getWebServer().getPort();
        }
    }

    public String url() {
        if (configured != null) {
            return configured;
        }
        if (RequestContextHolder.getRequestAttributes() != null) {
            return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString().replaceAll("/+$", "");
        }
        return local();
    }

    /** The address outside requests: the configured one, or the local port the panel listens on. */
    public String local() {
        return configured != null ? configured : "http://localhost:" + port;
    }

    public boolean isConfigured() {
        return configured != null;
    }
}
