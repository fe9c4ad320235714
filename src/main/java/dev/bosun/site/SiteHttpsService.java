package dev.bosun.site;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;
import dev.bosun.account.AuditLog;
import dev.bosun.account.ClientScope;
import dev.bosun.secret.SecretBox;
import dev.bosun.site.internal.CertificateStore;
import dev.bosun.site.internal.HttpsProperties;
import dev.bosun.site.internal.PemCertificate;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskStateException;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * HTTPS of sites (docs/https.md): a site's mode, its certificate's status, an uploaded certificate (checked
 * before it is kept), the renewals that are due and the certificates that need attention. What changes the web
 * server runs as the site's verify task, which writes the vhost and gets a certificate from the ACME CA when
 * one is needed.
 */
@Service
public class SiteHttpsService {

    /** The renewal job holds a site back this long after queueing its renewal. */
    static final Duration RENEWAL_HOLD = Duration.ofHours(1);
    public static final String RENEWAL_REQUESTER = "certificate renewal";

    private final SiteQueries sites;
    private final SiteTasks tasks;
    private final CertificateStore store;
    private final SecretBox secrets;
    private final HttpsProperties properties;
    private final AuditLog auditLog;
    private final Clock clock;

    SiteHttpsService(SiteQueries sites, SiteTasks tasks, CertificateStore store, SecretBox secrets,
                     HttpsProperties properties, AuditLog auditLog, Clock clock) {
        this.sites = sites;
        this.tasks = tasks;
        this.store = store;
        this.secrets = secrets;
        this.properties = properties;
        this.auditLog = auditLog;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public HttpsSettings settings(long siteId, ClientScope scope) {
        sites.get(siteId, scope);
        return store.https(siteId);
    }

    @Transactional(readOnly = true)
    public CertificateStatus certificate(long siteId, ClientScope scope) {
        SiteSummary site = sites.get(siteId, scope);
        return store.status(siteId, site.domain());
    }

    /**
     * Sets the site's HTTPS mode and HSTS and, when the site's state offers a verify, queues it: the verify writes
     * the vhost and gets a certificate when HTTPS is on and the site has none that fits. A disabled site keeps
     * the setting for when it is enabled.
     */
    @Transactional
    public Optional<QueuedTask> change(long siteId, HttpsSettings settings, ClientScope scope, String requestedBy) {
        SiteSummary site = sites.get(siteId, scope);
        if (settings == null || settings.mode() == null) {
            throw new InvalidInputException("mode", "Choose off, on or required.");
        }
        if (site.status() == SiteStatus.DELETED) {
            throw new SiteTaskNotOfferedException(site.domain(), SiteTaskType.VERIFY, site.status());
        }
        store.saveHttps(siteId, settings);
        auditLog.record("site.https", "site", siteId, site.domain() + ": HTTPS " + settings.mode().name().toLowerCase()
                + (settings.hsts() ? " with HSTS" : ""));
        return queueVerify(site, requestedBy);
    }

    /**
     * Keeps an uploaded certificate (the full chain, leaf first) and its private key after checking that the key
     * is the certificate's, that it covers the site's domain and aliases and that it is valid now; every problem
     * is a violation of the field it belongs to ({@code certificate} or {@code key}). The verify it queues puts it
     * to use. Bosun does not renew an uploaded certificate. While a verify of the site is queued or running the
     * upload is refused ({@link TaskStateException}, naming that task): the verify may store a certificate from
     * the ACME CA over it.
     */
    @Transactional
    public Optional<QueuedTask> upload(long siteId, String chainPem, String keyPem, ClientScope scope,
                                       String requestedBy) {
        SiteSummary site = sites.get(siteId, scope);
        Optional<TaskSummary> verify = tasks.openTaskSummary(siteId, SiteTaskType.VERIFY);
        if (verify.isPresent()) {
            throw new TaskStateException(verify.get(), "A verify of " + site.domain() + " is "
                    + (verify.get().status() == TaskStatus.QUEUED ? "queued" : "running") + " (task "
                    + verify.get().id() + "); it may store a certificate from the ACME CA over an uploaded one. "
                    + "Upload the certificate again when that task has ended.");
        }
        PemCertificate certificate = checked(site, chainPem, keyPem);
        Instant now = clock.instant();
        store.save(new CertificateStore.Stored(siteId, CertificateSource.UPLOADED, certificate.chainPem(),
                secrets.encrypt(certificate.keyPem()), certificate.names(), certificate.issuer(), certificate.serial(),
                certificate.notBefore(), certificate.notAfter(), null), now);
        store.recordSuccess(siteId, "Uploaded by " + requestedBy + ": issued by " + certificate.issuer()
                + ", valid until " + certificate.notAfter(), now);
        auditLog.record("site.certificate.upload", "site", siteId, site.domain() + ": certificate of "
                + certificate.issuer() + " until " + certificate.notAfter());
        return queueVerify(site, requestedBy);
    }

    private PemCertificate checked(SiteSummary site, String chainPem, String keyPem) {
        List<Violation> violations = new ArrayList<>();
        PemCertificate certificate = null;
        try {
            PemCertificate.readChain(chainPem);
        } catch (IllegalArgumentException unreadable) {
            violations.add(new Violation("certificate", unreadable.getMessage()));
        }
        try {
            PemCertificate.readKey(keyPem);
        } catch (IllegalArgumentException unreadable) {
            violations.add(new Violation("key", unreadable.getMessage()));
        }
        if (violations.isEmpty()) {
            certificate = PemCertificate.read(chainPem, keyPem);
            violations.addAll(problems(site, certificate));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return certificate;
    }

    private List<Violation> problems(SiteSummary site, PemCertificate certificate) {
        List<Violation> violations = new ArrayList<>();
        if (!certificate.keyMatches()) {
            violations.add(new Violation("key", "The private key does not belong to the certificate (their public "
                    + "keys differ)."));
        }
        List<String> names = Stream.concat(Stream.of(site.domain()),
                sites.aliases(site.id()).stream().map(SiteAlias::alias)).toList();
        List<String> uncovered = certificate.uncovered(names);
        if (!uncovered.isEmpty()) {
            violations.add(new Violation("certificate", "The certificate does not cover " + String.join(", ", uncovered)
                    + " (it covers " + (certificate.names().isEmpty() ? "no DNS name"
                    : String.join(", ", certificate.names())) + ")."));
        }
        Instant now = clock.instant();
        if (!certificate.notAfter().isAfter(now)) {
            violations.add(new Violation("certificate", "The certificate expired on " + certificate.notAfter() + "."));
        } else if (certificate.notBefore().isAfter(now)) {
            violations.add(new Violation("certificate", "The certificate is not valid before "
                    + certificate.notBefore() + "."));
        }
        return violations;
    }

    private Optional<QueuedTask> queueVerify(SiteSummary site, String requestedBy) {
        if (!tasks.offers(site.id(), SiteTaskType.VERIFY)) {
            return Optional.empty();
        }
        return Optional.of(tasks.queue(site.id(), SiteTaskType.VERIFY, new SiteTaskArgs.None(), ClientScope.ALL,
                requestedBy));
    }

    /**
     * Queues the verify (which renews) of every site whose ACME certificate is due and that is not held back
     * (a renewal queued within the hour, or the back-off after failures); returns the sites queued. Run by one
     * node at a time (the clustered renewal job).
     */
    @Transactional
    public List<Long> queueDueRenewals(int limit) {
        Instant now = clock.instant();
        List<Long> queued = new ArrayList<>();
        for (long siteId : store.dueForRenewal(now, limit)) {
            store.holdUntil(siteId, now.plus(RENEWAL_HOLD), now);
            if (tasks.offers(siteId, SiteTaskType.VERIFY)) {
                tasks.queue(siteId, SiteTaskType.VERIFY, new SiteTaskArgs.None(), ClientScope.ALL, RENEWAL_REQUESTER);
                queued.add(siteId);
            }
        }
        return queued;
    }

    /**
     * The certificates of HTTPS sites the scope may see that expire within {@code bosun.https.attention}
     * (14 days by default) or whose last attempt failed, soonest first.
     */
    @Transactional(readOnly = true)
    public List<CertificateStatus> needingAttention(ClientScope scope) {
        Instant before = clock.instant().plus(properties.attention());
        List<CertificateStatus> found = new ArrayList<>();
        for (long siteId : store.needingAttention(before)) {
            sites.find(siteId, scope).ifPresent(site -> found.add(store.status(siteId, site.domain())));
        }
        return found;
    }
}
