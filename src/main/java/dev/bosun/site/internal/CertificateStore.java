package dev.bosun.site.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import dev.bosun.site.CertificateSource;
import dev.bosun.site.CertificateStatus;
import dev.bosun.site.HttpsMode;
import dev.bosun.site.HttpsSettings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The site module's HTTPS records: the mode on the site's row, {@code site_certificates},
 * {@code site_certificate_attempts} and {@code site_acme_accounts}. Keys arrive and leave here encrypted.
 */
@Component
public class CertificateStore {

    private final JdbcClient jdbc;

    CertificateStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored certificate: the chain (PEM, leaf first) and the encrypted key, with what the panel shows. */
    public record Stored(long siteId, CertificateSource source, String chainPem, String keyEnc, List<String> names,
                  String issuer, String serial, Instant notBefore, Instant notAfter, Instant renewAfter) {
    }

    public HttpsSettings https(long siteId) {
        return jdbc.sql("SELECT https_mode, https_hsts FROM sites WHERE id = :id").param("id", siteId)
                .query((rs, n) -> new HttpsSettings(HttpsMode.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional().orElse(HttpsSettings.OFF);
    }

    public void saveHttps(long siteId, HttpsSettings settings) {
        jdbc.sql("UPDATE sites SET https_mode = :mode, https_hsts = :hsts, updated_at = now() WHERE id = :id")
                .param("mode", settings.mode().name()).param("hsts", settings.hsts()).param("id", siteId).update();
    }

    public Optional<Stored> find(long siteId) {
        return jdbc.sql("""
                SELECT site_id, source, certificate_pem, key_enc, names, issuer, serial, not_before, not_after,
                       renew_after FROM site_certificates WHERE site_id = :id""")
                .param("id", siteId).query(CertificateStore::stored).optional();
    }

    public void save(Stored certificate, Instant now) {
        jdbc.sql("""
                INSERT INTO site_certificates (site_id, source, certificate_pem, key_enc, names, issuer, serial,
                    not_before, not_after, renew_after, issued_at)
                VALUES (:id, :source, :pem, :key, :names, :issuer, :serial, :notBefore, :notAfter, :renewAfter, :now)
                ON CONFLICT (site_id) DO UPDATE SET source = :source, certificate_pem = :pem, key_enc = :key,
                    names = :names, issuer = :issuer, serial = :serial, not_before = :notBefore,
                    not_after = :notAfter, renew_after = :renewAfter, issued_at = :now""")
                .param("id", certificate.siteId()).param("source", certificate.source().name())
                .param("pem", certificate.chainPem()).param("key", certificate.keyEnc())
                .param("names", String.join(" ", certificate.names())).param("issuer", certificate.issuer())
                .param("serial", certificate.serial()).param("notBefore", ts(certificate.notBefore()))
                .param("notAfter", ts(certificate.notAfter())).param("renewAfter", ts(certificate.renewAfter()))
                .param("now", ts(now)).update();
    }

    public void delete(long siteId) {
        jdbc.sql("DELETE FROM site_certificates WHERE site_id = :id").param("id", siteId).update();
        jdbc.sql("DELETE FROM site_certificate_attempts WHERE site_id = :id").param("id", siteId).update();
    }

    public void recordSuccess(long siteId, String message, Instant now) {
        jdbc.sql("""
                INSERT INTO site_certificate_attempts (site_id, attempted_at, result, message, failures, next_attempt_at)
                VALUES (:id, :now, 'SUCCESS', :message, 0, NULL)
                ON CONFLICT (site_id) DO UPDATE SET attempted_at = :now, result = 'SUCCESS', message = :message,
                    failures = 0, next_attempt_at = NULL""")
                .param("id", siteId).param("now", ts(now)).param("message", message).update();
    }

    /** Records a failure; returns the failures in a row, counting this one. */
    public int recordFailure(long siteId, String message, Instant now, java.util.function.IntFunction<Instant> nextAttempt) {
        int failures = jdbc.sql("SELECT failures FROM site_certificate_attempts WHERE site_id = :id AND result = 'ERROR'")
                .param("id", siteId).query(Integer.class).optional().orElse(0) + 1;
        jdbc.sql("""
                INSERT INTO site_certificate_attempts (site_id, attempted_at, result, message, failures, next_attempt_at)
                VALUES (:id, :now, 'ERROR', :message, :failures, :next)
                ON CONFLICT (site_id) DO UPDATE SET attempted_at = :now, result = 'ERROR', message = :message,
                    failures = :failures, next_attempt_at = :next""")
                .param("id", siteId).param("now", ts(now)).param("message", message).param("failures", failures)
                .param("next", ts(nextAttempt.apply(failures))).update();
        return failures;
    }

    /** Holds the site back from the renewal job until {@code until} (its renewal is queued). */
    public void holdUntil(long siteId, Instant until, Instant now) {
        jdbc.sql("""
                INSERT INTO site_certificate_attempts (site_id, attempted_at, result, message, failures, next_attempt_at)
                VALUES (:id, :now, 'SUCCESS', '', 0, :until)
                ON CONFLICT (site_id) DO UPDATE SET next_attempt_at = :until""")
                .param("id", siteId).param("now", ts(now)).param("until", ts(until)).update();
    }

    public CertificateStatus status(long siteId, String domain) {
        CertificateStatus empty = new CertificateStatus(siteId, domain, null, null, List.of(), null, null, null,
                null, null, null, 0, null);
        CertificateStatus withCertificate = find(siteId).map(c -> new CertificateStatus(siteId, domain, c.source(),
                c.issuer(), c.names(), c.notBefore(), c.notAfter(), c.renewAfter(), null, null, null, 0, null))
                .orElse(empty);
        return jdbc.sql("""
                SELECT attempted_at, result, message, failures, next_attempt_at FROM site_certificate_attempts
                WHERE site_id = :id""").param("id", siteId)
                .query((rs, n) -> new CertificateStatus(siteId, domain, withCertificate.source(),
                        withCertificate.issuer(), withCertificate.names(), withCertificate.notBefore(),
                        withCertificate.notAfter(), withCertificate.renewAfter(), instant(rs, 1), rs.getString(2),
                        rs.getString(3), rs.getInt(4), instant(rs, 5)))
                .optional().orElse(withCertificate);
    }

    /** ACME sites due for renewal now: enabled, HTTPS on, renew_after passed, not held back. */
    public List<Long> dueForRenewal(Instant now, int limit) {
        return jdbc.sql("""
                SELECT c.site_id FROM site_certificates c JOIN sites s ON s.id = c.site_id
                LEFT JOIN site_certificate_attempts a ON a.site_id = c.site_id
                WHERE c.source = 'ACME' AND s.https_mode <> 'OFF' AND s.status = 'ENABLED'
                  AND c.renew_after <= :now AND (a.next_attempt_at IS NULL OR a.next_attempt_at <= :now)
                ORDER BY c.renew_after LIMIT :limit""")
                .param("now", ts(now)).param("limit", limit).query(Long.class).list();
    }

    /** Sites with HTTPS on whose certificate expires before {@code before}, or whose last attempt failed. */
    public List<Long> needingAttention(Instant before) {
        return jdbc.sql("""
                SELECT s.id FROM sites s LEFT JOIN site_certificates c ON c.site_id = s.id
                LEFT JOIN site_certificate_attempts a ON a.site_id = s.id
                WHERE s.status IN ('ENABLED', 'DISABLED') AND s.https_mode <> 'OFF'
                  AND (c.not_after < :before OR a.result = 'ERROR')
                ORDER BY coalesce(c.not_after, a.attempted_at), s.id""")
                .param("before", ts(before)).query(Long.class).list();
    }

    /** The last attempt to get a certificate, as {@code site_certificate_attempts} keeps it. */
    public record Attempt(Instant attemptedAt, String result, String message, int failures, Instant nextAttemptAt) {
    }

    /**
     * The site's certificate record and its last attempt as they are (either may be absent), for a task to put back
     * when it takes back what it did ({@link #restore}).
     */
    public record Snapshot(Stored certificate, Instant issuedAt, Attempt attempt) {
    }

    public Snapshot snapshot(long siteId) {
        Instant issuedAt = jdbc.sql("SELECT issued_at FROM site_certificates WHERE site_id = :id").param("id", siteId)
                .query((rs, n) -> instant(rs, 1)).optional().orElse(null);
        Attempt attempt = jdbc.sql("""
                SELECT attempted_at, result, message, failures, next_attempt_at FROM site_certificate_attempts
                WHERE site_id = :id""").param("id", siteId)
                .query((rs, n) -> new Attempt(instant(rs, 1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        instant(rs, 5))).optional().orElse(null);
        return new Snapshot(find(siteId).orElse(null), issuedAt, attempt);
    }

    /** Puts back the records of {@link #snapshot}: what it lacks is removed. */
    @Transactional
    public void restore(long siteId, Snapshot snapshot) {
        delete(siteId);
        if (snapshot.certificate() != null) {
            save(snapshot.certificate(), snapshot.issuedAt());
        }
        Attempt attempt = snapshot.attempt();
        if (attempt != null) {
            jdbc.sql("""
                    INSERT INTO site_certificate_attempts (site_id, attempted_at, result, message, failures,
                        next_attempt_at) VALUES (:id, :at, :result, :message, :failures, :next)""")
                    .param("id", siteId).param("at", ts(attempt.attemptedAt())).param("result", attempt.result())
                    .param("message", attempt.message()).param("failures", attempt.failures())
                    .param("next", ts(attempt.nextAttemptAt())).update();
        }
    }

    public record Account(String accountUrl, String keyEnc) {
    }

    public Optional<Account> account(String directoryUrl) {
        return jdbc.sql("SELECT account_url, key_enc FROM site_acme_accounts WHERE directory_url = :url")
                .param("url", directoryUrl).query((rs, n) -> new Account(rs.getString(1), rs.getString(2))).optional();
    }

    /** Stores the account unless another node stored one first; returns the one stored. */
    public Account saveAccount(String directoryUrl, Account account) {
        jdbc.sql("""
                INSERT INTO site_acme_accounts (directory_url, account_url, key_enc) VALUES (:dir, :url, :key)
                ON CONFLICT (directory_url) DO NOTHING""")
                .param("dir", directoryUrl).param("url", account.accountUrl()).param("key", account.keyEnc()).update();
        return account(directoryUrl).orElse(account);
    }

    private static Stored stored(ResultSet rs, int n) throws SQLException {
        return new Stored(rs.getLong(1), CertificateSource.valueOf(rs.getString(2)), rs.getString(3), rs.getString(4),
                Arrays.stream(rs.getString(5).split(" ")).filter(s -> !s.isBlank()).toList(), rs.getString(6),
                rs.getString(7), instant(rs, 8), instant(rs, 9), instant(rs, 10));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }
}
