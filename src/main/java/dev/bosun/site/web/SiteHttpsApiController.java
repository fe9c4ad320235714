package dev.bosun.site.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AccountService;
import dev.bosun.site.CertificateStatus;
import dev.bosun.site.HttpsMode;
import dev.bosun.site.HttpsSettings;
import dev.bosun.site.SiteHttpsService;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskSummary;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/sites/{id}/https}: the site's HTTPS mode and its certificate's status; PUT sets the mode, PUT
 * {@code /certificate} uploads a certificate and key. Both queue the site's verify, which puts them to use.
 */
@RestController
@RequestMapping("/api/v1/sites/{id}")
class SiteHttpsApiController {

    private final SiteHttpsService https;
    private final AccountService accounts;

    SiteHttpsApiController(SiteHttpsService https, AccountService accounts) {
        this.https = https;
        this.accounts = accounts;
    }

    @GetMapping("/https")
    HttpsResource show(Principal principal, @PathVariable long id) {
        var scope = accounts.clientScope(principal.getName());
        return HttpsResource.of(https.settings(id, scope), https.certificate(id, scope), null);
    }

    /** {@code {"mode": "off"|"on"|"required", "hsts": false}}: 200 with the settings and the verify task (or null). */
    @PutMapping("/https")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    HttpsResource change(Principal principal, @PathVariable long id, @RequestBody ModeBody body) {
        var scope = accounts.clientScope(principal.getName());
        HttpsMode mode = mode(body.mode());
        var verify = https.change(id, new HttpsSettings(mode, Boolean.TRUE.equals(body.hsts())), scope,
                principal.getName());
        return HttpsResource.of(https.settings(id, scope), https.certificate(id, scope),
                verify.map(QueuedTask::task).orElse(null));
    }

    /** {@code {"certificate": "<PEM chain>", "key": "<PEM key>"}}: 422 naming the field when they do not fit. */
    @PutMapping("/certificate")
    @PreAuthorize("hasAnyRole('ADMIN','OPERATOR')")
    HttpsResource upload(Principal principal, @PathVariable long id, @RequestBody UploadBody body) {
        var scope = accounts.clientScope(principal.getName());
        var verify = https.upload(id, body.certificate(), body.key(), scope, principal.getName());
        return HttpsResource.of(https.settings(id, scope), https.certificate(id, scope),
                verify.map(QueuedTask::task).orElse(null));
    }

    private static HttpsMode mode(String value) {
        if (value != null) {
            for (HttpsMode mode : HttpsMode.values()) {
                if (mode.name().equalsIgnoreCase(value.strip())) {
                    return mode;
                }
            }
        }
        throw new InvalidInputException("mode", "HTTPS mode must be off, on or required, not " + value + ".");
    }

    record ModeBody(String mode, Boolean hsts) {
    }

    record UploadBody(String certificate, String key) {
    }

    record HttpsResource(String mode, boolean hsts, CertificateResource certificate, TaskSummary verifyTask) {

        static HttpsResource of(HttpsSettings settings, CertificateStatus certificate, TaskSummary verify) {
            return new HttpsResource(settings.mode().name().toLowerCase(), settings.hsts(),
                    CertificateResource.of(certificate), verify);
        }
    }

    /** The certificate (null fields when none) and its last renewal attempt. */
    record CertificateResource(String source, String issuer, List<String> names, Instant notBefore, Instant notAfter,
                               Instant renewAfter, Instant lastAttemptAt, String lastResult, String lastMessage,
                               int failures, Instant nextAttemptAt) {

        static CertificateResource of(CertificateStatus status) {
            return new CertificateResource(status.source() == null ? null : status.source().name().toLowerCase(),
                    status.issuer(), status.names(), status.notBefore(), status.notAfter(), status.renewAfter(),
                    status.lastAttemptAt(), status.lastResult(), status.lastMessage(), status.failures(),
                    status.nextAttemptAt());
        }
    }
}
