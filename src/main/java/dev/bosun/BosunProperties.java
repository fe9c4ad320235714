package dev.bosun;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Bosun's own settings ({@code bosun.*}); environment variables such as {@code BOSUN_HOME}
 * and {@code BOSUN_ADMIN_PASSWORD} bind to them. {@code secretKey} ({@code BOSUN_SECRET_KEY}) is the
 * base64 AES key for stored credentials; without it the key lives in {@code <home>/secret.key}.
 * {@code publicUrl} is the panel's address as users reach it; without it {@link PanelAddress} derives one.
 */
@ConfigurationProperties("bosun")
public record BosunProperties(
        @DefaultValue("./var") Path home,
        @DefaultValue Admin admin,
        @DefaultValue Login login,
        @DefaultValue EmbeddedDb embeddedDb,
        @DefaultValue Mail mail,
        String secretKey,
        String publicUrl) {

    /** The first administrator, created when the panel has no user yet. */
    public record Admin(String password) {
    }

    /**
     * Throttling of sign-in attempts: after {@code maxFailures} the user is locked for {@code lockDuration}.
     * A password reset link an administrator creates works once, for {@code resetLinkValidity}.
     */
    public record Login(@DefaultValue("5") int maxFailures, @DefaultValue("5m") Duration lockDuration,
                        @DefaultValue("24h") Duration resetLinkValidity) {
    }

    /**
     * The embedded PostgreSQL used when no {@code spring.datasource.url} is set; port 0 picks a free one. With a
     * {@code template} folder, a first start copies the freshly initialized data directory found there instead of
     * running {@code initdb}, or, when there is none yet, leaves a copy of its own there ({@code bin/bosun} keeps one
     * beside its class data sharing archive).
     */
    public record EmbeddedDb(@DefaultValue("0") int port, @DefaultValue("bosun") String database, Path template) {
    }

    /** Sender of the panel's mails. */
    public record Mail(@DefaultValue("Bosun <bosun@localhost>") String from) {
    }

    public Path homeDir() {
        return home.toAbsolutePath().normalize();
    }
}
