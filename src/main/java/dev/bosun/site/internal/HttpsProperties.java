package dev.bosun.site.internal;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How this panel gets and renews certificates ({@code bosun.https.*}, docs/https.md).
 *
 * @param acmeDirectory   the ACME CA's directory URL (Let's Encrypt by default; its staging, or another CA)
 * @param acmeTrust       a PEM file of CA certificates to trust for the directory's own TLS besides the JVM's
 *                        (a private CA, or pebble's test certificate); none by default
 * @param acmeEmail       the contact address of the panel's ACME account; none by default
 * @param renewBefore     an ACME certificate is renewed this long before it expires (spread over the day before)
 * @param attention       the dashboard lists certificates that expire within this
 * @param renewalTick     how often the clustered renewal job looks for due certificates
 * @param acmeTimeout     how long one challenge or order may take at the CA
 */
@ConfigurationProperties("bosun.https")
public record HttpsProperties(
        @DefaultValue("https://acme-v02.api.letsencrypt.org/directory") String acmeDirectory,
        Path acmeTrust,
        String acmeEmail,
        @DefaultValue("30d") Duration renewBefore,
        @DefaultValue("14d") Duration attention,
        @DefaultValue("10m") Duration renewalTick,
        @DefaultValue("2m") Duration acmeTimeout) {

    public HttpsProperties {
        if (acmeDirectory == null || !acmeDirectory.matches("https?://\\S+")) {
            throw new IllegalArgumentException("bosun.https.acme-directory must be an http(s) URL, not " + acmeDirectory);
        }
    }
}
