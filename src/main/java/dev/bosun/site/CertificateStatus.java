package dev.bosun.site;

import java.time.Instant;
import java.util.List;

/**
 * A site's certificate as the site page and the API show it, and its last renewal attempt. The certificate
 * fields are null when the site has none yet; the attempt fields when none was made.
 */
public record CertificateStatus(long siteId, String domain, CertificateSource source, String issuer,
                                List<String> names, Instant notBefore, Instant notAfter, Instant renewAfter,
                                Instant lastAttemptAt, String lastResult, String lastMessage, int failures,
                                Instant nextAttemptAt) {

    public boolean present() {
        return source != null;
    }

    /** Whether the last attempt to get a certificate failed (the site may still serve an older one). */
    public boolean failing() {
        return "ERROR".equals(lastResult);
    }

    public boolean expiresBefore(Instant when) {
        return notAfter != null && notAfter.isBefore(when);
    }
}
