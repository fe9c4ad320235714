package dev.bosun.site.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.secret.SecretBox;
import dev.bosun.server.SiteVhost;
import dev.bosun.site.CertificateSource;
import dev.bosun.site.HttpsMode;
import dev.bosun.site.HttpsSettings;
import dev.bosun.task.TaskLogger;
import org.springframework.stereotype.Component;

/**
 * The one place that decides a site's TLS: which certificate its vhost uses (one that covers the site's names
 * and has not expired, while HTTPS is on), when a new one is asked for (none usable, or an ACME one due for
 * renewal), and what a failure leaves (the site's current certificate, or plain HTTP).
 */
@Component
class SiteCertificates {

    private static final double GOLDEN = 0.6180339887498949;

    private final CertificateStore store;
    private final AcmeIssuer issuer;
    private final SecretBox secrets;
    private final HttpsProperties properties;
    private final Clock clock;

    SiteCertificates(CertificateStore store, AcmeIssuer issuer, SecretBox secrets, HttpsProperties properties,
                     Clock clock) {
        this.store = store;
        this.issuer = issuer;
        this.secrets = secrets;
        this.properties = properties;
        this.clock = clock;
    }

    HttpsSettings settings(long siteId) {
        return store.https(siteId);
    }

    /** The certificate the site's vhost uses now, if any: HTTPS on, the site's names covered, not expired. */
    Optional<CertificateStore.Stored> usable(SiteContext context) {
        if (!store.https(context.site().id()).mode().enabled()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.find(context.site().id())
                .filter(c -> c.notAfter().isAfter(now) && !c.notBefore().isAfter(now))
                .filter(c -> PemCertificate.uncovered(c.names(), context.hostnames()).isEmpty());
    }

    /** The TLS of the site's vhost, or null for plain HTTP. */
    SiteVhost.Tls tls(SiteContext context) {
        HttpsSettings https = store.https(context.site().id());
        return usable(context).map(c -> new SiteVhost.Tls(https.mode() == HttpsMode.REQUIRED, https.hsts()))
                .orElse(null);
    }

    /** Puts the usable certificate's files on the site's web server; false when there is none. */
    boolean installFiles(SiteContext context, TaskLogger log) {
        Optional<CertificateStore.Stored> certificate = usable(context);
        certificate.ifPresent(c -> context.http().installCertificate(context.domain(), c.chainPem(),
                secrets.decrypt(c.keyEnc()), log));
        return certificate.isPresent();
    }

    void removeFiles(SiteContext context, TaskLogger log) {
        context.http().removeCertificate(context.domain(), log);
    }

    /**
     * Revokes the site's ACME certificate at the CA, best effort: a certificate that is no longer used should not stay
     * valid for months. A failure is a warning naming the certificate, never an exception (the delete goes on); an
     * uploaded certificate is not Bosun's to revoke, and the log says so.
     */
    void revoke(SiteContext context, TaskLogger log) {
        Optional<CertificateStore.Stored> stored = store.find(context.site().id());
        if (stored.isEmpty()) {
            log.info("No certificate of " + context.domain() + " recorded; nothing to revoke");
            return;
        }
        CertificateStore.Stored certificate = stored.get();
        String named = "the certificate of " + context.domain() + " (serial " + certificate.serial() + ", issued by "
                + certificate.issuer() + ", covering " + String.join(", ", certificate.names()) + ")";
        if (certificate.source() == CertificateSource.UPLOADED) {
            log.info("Not revoking " + named + ": it was uploaded, so only whoever got it from its CA can revoke it");
            return;
        }
        try {
            issuer.revoke(certificate.chainPem(), log);
            log.ok("Revoked " + named + " at " + properties.acmeDirectory());
        } catch (AcmeIssuer.AcmeFailure failed) {
            log.warning("Could not revoke " + named + " at " + properties.acmeDirectory() + ": " + failed.getMessage()
                    + ". The delete goes on; the certificate stays valid until " + certificate.notAfter()
                    + " unless revoked by hand.");
        }
    }

    /**
     * Revokes a certificate a rolled-back task obtained, best effort: the one of {@code chainPem}, or, when the task
     * ended before it could journal the chain, the one the CA issued for {@code orderUrl}, if any. Only ever a
     * certificate of that order, so never the site's previous one nor an uploaded one. A failure is a warning naming
     * the certificate by domain and serial (or the order, when the CA could not say which certificate it issued),
     * never an exception: the rest of the undo goes on.
     */
    void revokeObtained(String domain, String directory, String orderUrl, String chainPem, TaskLogger log) {
        String chain = chainPem;
        if (!directory.equals(properties.acmeDirectory())) {
            log.warning("Could not revoke the certificate of " + domain + (chain == null ? " ordered at " + orderUrl
                    : " (" + describeLeaf(chain) + ")") + ": it was obtained from " + directory
                    + ", and the panel now uses " + properties.acmeDirectory() + ". It stays valid unless revoked by "
                    + "hand.");
            return;
        }
        if (chain == null) {
            try {
                Optional<String> issued = issuer.issuedFor(orderUrl, log);
                if (issued.isEmpty()) {
                    log.info("The order " + orderUrl + " for " + domain + " issued no certificate; nothing to revoke");
                    return;
                }
                chain = issued.get();
            } catch (AcmeIssuer.AcmeFailure failed) {
                log.warning("Could not ask " + directory + " which certificate of " + domain + " the order " + orderUrl
                        + " issued: " + failed.getMessage() + ". A certificate it issued stays valid unless revoked "
                        + "by hand.");
                return;
            }
        }
        String named = "the certificate of " + domain + " (" + describeLeaf(chain) + ") that the task obtained";
        try {
            issuer.revoke(chain, log);
            log.ok("Revoked " + named + " at " + directory);
        } catch (AcmeIssuer.AcmeFailure failed) {
            log.warning("Could not revoke " + named + " at " + directory + ": " + failed.getMessage()
                    + ". The undo goes on; the certificate stays valid until " + notAfter(chain)
                    + " unless revoked by hand.");
        }
    }

    private static String describeLeaf(String chainPem) {
        try {
            return "serial " + AcmeIssuer.leaf(chainPem).getSerialNumber().toString(16);
        } catch (IllegalArgumentException unreadable) {
            return "an unreadable chain";
        }
    }

    private static String notAfter(String chainPem) {
        try {
            return AcmeIssuer.leaf(chainPem).getNotAfter().toInstant().toString();
        } catch (IllegalArgumentException unreadable) {
            return "it expires";
        }
    }

    /** A deleted site's certificate records go with its files. */
    void forget(long siteId) {
        store.delete(siteId);
    }

    /** The site's certificate record and last attempt as they are, for a task's journal. */
    CertificateStore.Snapshot snapshot(long siteId) {
        return store.snapshot(siteId);
    }

    /** Puts back a {@link #snapshot}: a rolled-back task leaves the record as it found it. */
    void restore(long siteId, CertificateStore.Snapshot snapshot) {
        store.restore(siteId, snapshot);
    }

    /** A clone starts with the original's HTTPS mode (its certificate it gets for its own names). */
    void copySettings(long fromSiteId, long toSiteId) {
        store.saveHttps(toSiteId, store.https(fromSiteId));
    }

    /**
     * Gets a new certificate when HTTPS is on and the site has none usable, or its ACME certificate is due for
     * renewal. A failure is an error line naming the CA's words and what the site keeps serving, never an
     * exception: the site goes on serving as it did. Returns whether a new certificate was stored (the caller
     * writes the vhost again).
     */
    boolean ensure(SiteContext context, TaskLogger log) {
        return ensure(context, true, log);
    }

    /**
     * {@link #ensure(SiteContext, TaskLogger)}; with {@code failureIsError} false a failure is a warning (a migrate
     * or clone that otherwise worked: the next verify or renewal tries again).
     */
    boolean ensure(SiteContext context, boolean failureIsError, TaskLogger log) {
        return ensure(context, failureIsError, Obtained.UNJOURNALED, log);
    }

    /**
     * What a task that may be rolled back records of a certificate it gets: the ACME order before the CA may issue
     * anything for it, and the certificate once issued, before it is stored or used. Each call writes its journal
     * entry before returning; an exception from {@link #ordered} ends the order unfinalized (a failure like the CA's),
     * one from {@link #issued} fails the task's step (the order's entry then lets the undo find the certificate).
     */
    interface Obtained {

        /** For a task that is not rolled back over a new certificate (verify): nothing journaled. */
        Obtained UNJOURNALED = new Obtained() {
            @Override
            public void ordered(List<String> names, String directory, String orderUrl) {
            }

            @Override
            public void issued(List<String> names, String directory, String orderUrl, String chainPem) {
            }
        };

        void ordered(List<String> names, String directory, String orderUrl);

        void issued(List<String> names, String directory, String orderUrl, String chainPem);
    }

    /** {@link #ensure(SiteContext, boolean, TaskLogger)}; a new certificate's order and chain to {@code obtained}. */
    boolean ensure(SiteContext context, boolean failureIsError, Obtained obtained, TaskLogger log) {
        long siteId = context.site().id();
        if (!store.https(siteId).mode().enabled()) {
            log.info("HTTPS is off for " + context.domain());
            return false;
        }
        Optional<CertificateStore.Stored> current = usable(context);
        Instant now = clock.instant();
        if (current.isPresent() && (current.get().source() == CertificateSource.UPLOADED
                || current.get().renewAfter() == null || current.get().renewAfter().isAfter(now))) {
            log.ok("Certificate of " + context.domain() + " valid until " + current.get().notAfter() + ", covering "
                    + String.join(", ", current.get().names()));
            return false;
        }
        Optional<CertificateStore.Stored> stored = store.find(siteId);
        if (current.isEmpty() && stored.isPresent() && stored.get().source() == CertificateSource.UPLOADED) {
            String problem = problem(stored.get(), context.hostnames(), now);
            store.recordFailure(siteId, problem, now, failures -> null);
            log.error("The uploaded certificate of " + context.domain() + " " + problem + ": upload one that fits or "
                    + "switch to ACME by removing it. The site is served over plain HTTP.");
            return false;
        }
        return issue(context, current, now, failureIsError, obtained, log);
    }

    private boolean issue(SiteContext context, Optional<CertificateStore.Stored> current, Instant now,
                          boolean failureIsError, Obtained obtained, TaskLogger log) {
        long siteId = context.site().id();
        List<String> names = context.hostnames();
        log.info("Asking " + properties.acmeDirectory() + " for a certificate for " + String.join(", ", names)
                + (current.isPresent() ? " (renewal)" : ""));
        try {
            String directory = properties.acmeDirectory();
            AcmeIssuer.Issued issued = issuer.issue(names, List.of(context.http()),
                    orderUrl -> obtained.ordered(names, directory, orderUrl), log);
            obtained.issued(names, directory, issued.orderUrl(), issued.chainPem());
            PemCertificate certificate = PemCertificate.read(issued.chainPem(), issued.keyPem());
            store.save(new CertificateStore.Stored(siteId, CertificateSource.ACME, certificate.chainPem(),
                    secrets.encrypt(certificate.keyPem()), certificate.names(), certificate.issuer(),
                    certificate.serial(), certificate.notBefore(), certificate.notAfter(),
                    renewAfter(siteId, certificate.notAfter())), now);
            String message = "Issued by " + certificate.issuer() + ", valid until " + certificate.notAfter();
            store.recordSuccess(siteId, message, now);
            log.ok("Certificate for " + String.join(", ", names) + " stored (serial " + certificate.serial() + "): "
                    + message);
            return true;
        } catch (AcmeIssuer.AcmeFailure | IllegalArgumentException failed) {
            String message = "No certificate for " + String.join(", ", names) + " from " + properties.acmeDirectory()
                    + ": " + failed.getMessage();
            int failures = store.recordFailure(siteId, message, now, n -> now.plus(backOff(n)));
            String line = message + ". " + (current.isPresent()
                    ? "The site keeps its current certificate (valid until " + current.get().notAfter() + ")."
                    : "The site stays on plain HTTP.") + " Failures in a row: " + failures + "; next automatic try "
                    + "after " + now.plus(backOff(failures)) + ".";
            if (failureIsError) {
                log.error(line);
            } else {
                log.warning(line);
            }
            return false;
        }
    }

    /**
     * The renewal job's wait after {@code failures} failures in a row: an hour, doubled each time, at most a day.
     */
    static Duration backOff(int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 5);
        Duration wait = Duration.ofHours(1L << doublings);
        return wait.compareTo(Duration.ofDays(1)) > 0 ? Duration.ofDays(1) : wait;
    }

    /**
     * When an ACME certificate is due: {@code bosun.https.renew-before} ahead of its expiry, less the site's own
     * slot of the day (the fraction of its id times the golden ratio), so renewals spread over the day.
     */
    Instant renewAfter(long siteId, Instant notAfter) {
        double slot = (siteId * GOLDEN) % 1.0;
        return notAfter.minus(properties.renewBefore()).minusSeconds((long) (slot * Duration.ofDays(1).toSeconds()));
    }

    /** What is wrong with a stored certificate for these names now. */
    static String problem(CertificateStore.Stored certificate, List<String> names, Instant now) {
        if (!certificate.notAfter().isAfter(now)) {
            return "expired on " + certificate.notAfter();
        }
        if (certificate.notBefore().isAfter(now)) {
            return "is not valid before " + certificate.notBefore();
        }
        return "does not cover " + String.join(", ", PemCertificate.uncovered(certificate.names(), names));
    }
}
