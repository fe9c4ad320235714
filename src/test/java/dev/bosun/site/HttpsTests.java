package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;

import dev.bosun.InvalidInputException;
import dev.bosun.account.ClientScope;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.site.internal.CertificateStore;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.FreePorts;
import dev.bosun.test.Pebble;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import dev.bosun.test.TlsProbe;
import dev.bosun.test.TlsProbe.Served;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * HTTPS for real: certificates from Let's Encrypt's test CA pebble, validated over HTTP-01 through the site's own
 * vhost on the private nginx (pebble's DNS answers 127.0.0.1 for every name, its validation port is nginx's),
 * served by nginx on the HTTPS port and checked with a client that trusts only pebble's root and intermediate.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump", "pebble", "pebble-challtestsrv", "openssl"})
class HttpsTests extends RunningMaster {

    private static final Pebble PEBBLE = new Pebble();
    private static final int HTTPS_PORT = FreePorts.next();
    private static Path tlsDir;

    @Autowired
    SiteHttpsService https;
    @Autowired
    CertificateStore certificates;
    @Autowired
    SettingsService settings;
    /** Test certificates and keys, removed after each test. */
    @TempDir
    Path keys;

    @DynamicPropertySource
    static void acme(DynamicPropertyRegistry registry) {
        PEBBLE.register(registry);
    }

    @BeforeAll
    static void startPebble() throws Exception {
        tlsDir = TestDatabases.temporaryFolder("bosun-tls");
        PEBBLE.start(nginxPort(), false);
    }

    @AfterAll
    static void stopPebble() {
        PEBBLE.close();
    }

    @BeforeEach
    void httpsOnTheMaster() {
        servers.changeHttps(master().id(), HTTPS_PORT, tlsDir.toString());
    }

    @Test
    void aSiteSwitchedToRequiredHttpsGetsACertificateFromTheCaAndNginxServesIt() throws Exception {
        long siteId = installedSite("tls", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();

        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, true),
                ClientScope.ALL, "admin").orElseThrow().task().id());

        assertThat(verify.status()).as(log(verify) + PEBBLE.log()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(log(verify)).contains("validated over HTTP-01", "over HTTPS for " + domain);
        CertificateStatus status = https.certificate(siteId, ClientScope.ALL);
        assertThat(status.source()).isEqualTo(CertificateSource.ACME);
        assertThat(status.issuer()).containsIgnoringCase("pebble");
        assertThat(status.names()).containsExactly(domain);
        assertThat(status.lastResult()).isEqualTo("SUCCESS");
        assertThat(site(siteId).url()).isEqualTo("https://" + domain + "/");

        Served served = httpsGet(PEBBLE.issuedTrust(), domain, "/");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.headers()).containsIgnoringCase("Strict-Transport-Security: max-age=31536000");
        assertThat(served.certificate().getSerialNumber().toString(16))
                .isEqualTo(certificates.find(siteId).orElseThrow().serial());
        Response plain = get(domain, "/node/1?x=1");
        assertThat(plain.status()).isEqualTo(301);
        assertThat(plain.location()).isEqualTo("https://" + domain + ":" + HTTPS_PORT + "/node/1?x=1");
        Path key = tlsDir.resolve(domain).resolve("privkey.pem");
        assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(jdbc.sql("SELECT key_enc FROM site_certificates WHERE site_id = :id").param("id", siteId)
                .query(String.class).single()).as("the key is stored encrypted").doesNotContain("PRIVATE KEY");
    }

    @Test
    void aCertificateDueForRenewalIsRenewedByTheRenewalJobAndServedAtOnce() throws Exception {
        long siteId = installedSite("renew", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();
        TaskSummary first = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.ON, false),
                ClientScope.ALL, "admin").orElseThrow().task().id());
        assertThat(first.status()).as(log(first)).isEqualTo(TaskStatus.SUCCESS);
        String before = certificates.find(siteId).orElseThrow().serial();
        assertThat(https.queueDueRenewals(100)).as("not due yet").doesNotContain(siteId);

        jdbc.sql("UPDATE site_certificates SET renew_after = now() - interval '1 minute' WHERE site_id = :id")
                .param("id", siteId).update();
        assertThat(https.queueDueRenewals(100)).contains(siteId);
        long renewalId = siteTasks.history(siteId, 0).items().get(0).id();
        assertThat(https.queueDueRenewals(100)).as("held while its renewal is queued").doesNotContain(siteId);

        TaskSummary renewal = finishedTask(renewalId);
        assertThat(renewal.requestedBy()).isEqualTo(SiteHttpsService.RENEWAL_REQUESTER);
        assertThat(renewal.status()).as(log(renewal)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(log(renewal)).contains("(renewal)");
        String after = certificates.find(siteId).orElseThrow().serial();
        assertThat(after).isNotEqualTo(before);
        assertThat(httpsGet(PEBBLE.issuedTrust(), domain, "/").certificate().getSerialNumber().toString(16))
                .isEqualTo(after);
        assertThat(get(domain, "/").status()).as("mode on: plain HTTP still serves the site").isEqualTo(200);
    }

    @Test
    void anAcmeFailureLeavesTheSiteOnHttpWithALogLineThatSaysWhy() throws Exception {
        long siteId = installedSite("fail", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();
        PEBBLE.failLookups(domain);

        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, false),
                ClientScope.ALL, "admin").orElseThrow().task().id());

        assertThat(verify.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(log(verify)).contains("ERROR No certificate for " + domain + " from " + PEBBLE.directoryUrl(),
                "The site stays on plain HTTP.");
        CertificateStatus status = https.certificate(siteId, ClientScope.ALL);
        assertThat(status.present()).isFalse();
        assertThat(status.failing()).isTrue();
        assertThat(status.nextAttemptAt()).isAfter(status.lastAttemptAt());
        assertThat(https.needingAttention(ClientScope.ALL)).extracting(CertificateStatus::siteId).contains(siteId);
        assertThat(get(domain, "/").status()).as("still served over HTTP").isEqualTo(200);
        assertThat(site(siteId).url()).startsWith("http://");
    }

    @Test
    void anUploadedCertificateThatFitsIsServedAndAMismatchedOneIsRefused() throws Exception {
        long siteId = installedSite("upload", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();
        Path dir = keys;
        X509Certificate uploaded = TlsProbe.selfSigned(dir, "a", domain);
        TlsProbe.selfSigned(dir, "b", domain);
        TlsProbe.selfSigned(dir, "other", "other.example.org");
        String certificate = Files.readString(dir.resolve("a.crt"));

        assertThatThrownBy(() -> https.upload(siteId, certificate, Files.readString(dir.resolve("b.key")),
                ClientScope.ALL, "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, invalid -> assertThat(invalid.violations())
                        .containsExactly(new InvalidInputException.Violation("key",
                                "The private key does not belong to the certificate (their public keys differ).")));
        assertThatThrownBy(() -> https.upload(siteId, Files.readString(dir.resolve("other.crt")),
                Files.readString(dir.resolve("other.key")), ClientScope.ALL, "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, invalid -> assertThat(invalid.field())
                        .isEqualTo("certificate"))
                .hasMessageContaining("does not cover " + domain);
        assertThatThrownBy(() -> https.upload(siteId, "not a certificate", "nor a key", ClientScope.ALL, "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, invalid -> assertThat(invalid.violations())
                        .extracting(InvalidInputException.Violation::field).containsExactly("certificate", "key"));
        assertThat(certificates.find(siteId)).as("nothing kept from a refused upload").isEmpty();

        https.upload(siteId, certificate, Files.readString(dir.resolve("a.key")), ClientScope.ALL, "admin");
        https.change(siteId, new HttpsSettings(HttpsMode.ON, false), ClientScope.ALL, "admin");
        await().atMost(TASK_TIMEOUT).until(() -> siteTasks.openTask(siteId, SiteTaskType.VERIFY).isEmpty());
        TaskSummary verify = finishedTask(siteTasks.history(siteId, 0).items().get(0).id());
        assertThat(verify.status()).as(log(verify)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(log(verify)).doesNotContain("Asking");

        Served served = httpsGet(TlsProbe.trusting(uploaded), domain, "/");
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.certificate()).isEqualTo(uploaded);
        assertThat(https.certificate(siteId, ClientScope.ALL).source()).isEqualTo(CertificateSource.UPLOADED);

        queue(siteId, SiteTaskType.DISABLE);
        TaskSummary delete = queue(siteId, SiteTaskType.DELETE);
        assertThat(log(delete)).contains("INFO Not revoking the certificate of " + domain + " (serial "
                + uploaded.getSerialNumber().toString(16)).doesNotContain("Revoked");
        assertThat(certificates.find(siteId)).isEmpty();
    }

    @Test
    void httpsIsKeptThroughDisableEnableAndCloneAndItsFilesGoWithDelete() throws Exception {
        long platform = examplePlatform("example-base");
        long siteId = installedSite("keep", platform, master().db().id());
        String domain = site(siteId).domain();
        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, false),
                ClientScope.ALL, "admin").orElseThrow().task().id());
        assertThat(verify.status()).as(log(verify)).isEqualTo(TaskStatus.SUCCESS);
        SSLContext pebble = PEBBLE.issuedTrust();

        queue(siteId, SiteTaskType.DISABLE);
        Served disabled = await().atMost(Duration.ofSeconds(20)).until(() -> httpsGet(pebble, domain, "/"),
                served -> served.status() == 503);
        assertThat(disabled.body()).contains("Site disabled");
        queue(siteId, SiteTaskType.ENABLE);
        await().atMost(Duration.ofSeconds(20)).until(() -> httpsGet(pebble, domain, "/").status() == 200);

        Set<Feature> features = settings.enabledFeatures();
        settings.setFeature(Feature.CLONE, true);
        try {
            String cloneDomain = "keep-clone-" + Long.toString(System.nanoTime(), 36) + ".example.com";
            TaskSummary clone = run(siteId, SiteTaskType.CLONE, new SiteTaskArgs.Clone(cloneDomain, platform,
                    master().db().id(), List.of()));
            assertThat(clone.status()).as(log(clone)).isEqualTo(TaskStatus.SUCCESS);
            long cloneId = jdbc.sql("SELECT id FROM sites WHERE domain = :d").param("d", cloneDomain)
                    .query(Long.class).single();
            assertThat(https.settings(cloneId, ClientScope.ALL).mode()).isEqualTo(HttpsMode.REQUIRED);
            assertThat(https.certificate(cloneId, ClientScope.ALL).names()).as("new names, new certificate")
                    .containsExactly(cloneDomain);
            assertThat(httpsGet(pebble, cloneDomain, "/").status()).isEqualTo(200);

            // a certificate the CA does not know (its record's chain replaced) cannot be revoked: a warning only
            Path dir = keys;
            String unknown = TlsProbe.selfSigned(dir, "unknown", cloneDomain).getSerialNumber().toString(16);
            queue(cloneId, SiteTaskType.DISABLE);
            jdbc.sql("UPDATE site_certificates SET certificate_pem = :pem, serial = :serial WHERE site_id = :id")
                    .param("pem", Files.readString(dir.resolve("unknown.crt"))).param("serial", unknown)
                    .param("id", cloneId).update();
            TaskSummary deleteClone = queue(cloneId, SiteTaskType.DELETE);
            assertThat(deleteClone.status()).as(log(deleteClone)).isEqualTo(TaskStatus.WARNING);
            assertThat(log(deleteClone)).contains("WARNING Could not revoke the certificate of " + cloneDomain
                    + " (serial " + unknown);
            assertThat(site(cloneId).status()).isEqualTo(SiteStatus.DELETED);
            assertThat(tlsDir.resolve(cloneDomain)).doesNotExist();
        } finally {
            settings.setFeatures(features);
        }

        String serial = certificates.find(siteId).orElseThrow().serial();
        assertThat(PEBBLE.certificateStatus(serial)).isEqualTo("Valid");
        queue(siteId, SiteTaskType.DISABLE);
        TaskSummary delete = queue(siteId, SiteTaskType.DELETE);
        assertThat(delete.status()).as(log(delete)).isEqualTo(TaskStatus.SUCCESS);
        assertThat(log(delete)).contains("OK Revoked the certificate of " + domain + " (serial " + serial);
        assertThat(PEBBLE.certificateStatus(serial)).as("the CA has it revoked").isEqualTo("Revoked");
        assertThat(tlsDir.resolve(domain)).as("the certificate's files are removed").doesNotExist();
        assertThat(certificates.find(siteId)).isEmpty();
    }

    @Test
    void aMigrateToANewDomainRolledBackAfterItsCertificateStepPutsTheOldCertificateRecordBack() throws Exception {
        long siteId = installedSite("rename", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();
        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, false),
                ClientScope.ALL, "admin").orElseThrow().task().id());
        assertThat(verify.status()).as(log(verify)).isEqualTo(TaskStatus.SUCCESS);
        CertificateStore.Snapshot before = certificates.snapshot(siteId);
        SSLContext pebble = PEBBLE.issuedTrust();

        String failedDomain = "renamed-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        Set<Feature> features = settings.enabledFeatures();
        settings.setFeature(Feature.MIGRATE, true);
        stepFaults.failAfter("migrate", "certificate");
        TaskSummary failed;
        try {
            failed = run(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(failedDomain, null, null));
        } finally {
            stepFaults.clear();
            settings.setFeatures(features);
        }
        assertThat(failed.status()).as(log(failed)).isEqualTo(TaskStatus.ERROR);
        assertThat(log(failed)).as("a certificate for the new domain was stored")
                .contains("OK Certificate for " + failedDomain + " stored");
        assertRolledBackTruthfully(failed, "failed after the certificate step");
        assertOldCertificateKept(siteId, domain, before, failedDomain, pebble);
        assertRevokedInTheUndo(failed, failedDomain, before);

        String crashedDomain = "renamed-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        TaskSummary recovered = migrateInterruptedAfterItsCertificate(siteId, crashedDomain, features, () -> { });
        assertThat(recovered.status()).as(log(recovered)).isEqualTo(TaskStatus.ERROR);
        assertThat(log(recovered)).contains("OK Certificate for " + crashedDomain + " stored",
                "Interrupted: node node-gone stopped while step 'certificate' was running.");
        assertRolledBackTruthfully(recovered, "interrupted after the certificate step");
        assertOldCertificateKept(siteId, domain, before, crashedDomain, pebble);
        assertRevokedInTheUndo(recovered, crashedDomain, before);

        // a node that dies after the CA issued the certificate but before it was journaled: the order, journaled
        // before it was finalized, tells the recovering node which certificate to revoke
        String unjournaledDomain = "renamed-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        TaskSummary window = migrateInterruptedAfterItsCertificate(siteId, unjournaledDomain, features,
                () -> assertThat(jdbc.sql("""
                        DELETE FROM task_journal WHERE kind = 'certificate order'
                        AND data ->> 'chainPem' IS NOT NULL AND data ->> 'domain' = :d""")
                        .param("d", unjournaledDomain).update()).as("the certificate's own entry").isEqualTo(1));
        assertThat(window.status()).as(log(window)).isEqualTo(TaskStatus.ERROR);
        assertRolledBackTruthfully(window, "interrupted before the certificate was journaled");
        assertOldCertificateKept(siteId, domain, before, unjournaledDomain, pebble);
        assertRevokedInTheUndo(window, unjournaledDomain, before);
    }

    /**
     * A migrate to {@code newDomain} whose node dies right after the certificate step, {@code meanwhile} run before
     * another node recovers it; the migrate feature is on for it, then {@code features} are back.
     */
    private TaskSummary migrateInterruptedAfterItsCertificate(long siteId, String newDomain, Set<Feature> features,
                                                             Runnable meanwhile) {
        settings.setFeature(Feature.MIGRATE, true);
        try {
            return interruptedAndRecovered(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(newDomain, null, null),
                    "certificate", meanwhile);
        } finally {
            settings.setFeatures(features);
        }
    }

    /** The task's new certificate (its serial from the line that stored it) revoked by the undo, the old one not. */
    private void assertRevokedInTheUndo(TaskSummary task, String newDomain, CertificateStore.Snapshot before)
            throws Exception {
        java.util.regex.Matcher stored = java.util.regex.Pattern.compile("OK Certificate for "
                + java.util.regex.Pattern.quote(newDomain) + " stored \\(serial ([0-9a-f]+)\\)").matcher(log(task));
        assertThat(stored.find()).as(log(task)).isTrue();
        String serial = stored.group(1);
        assertThat(serial).isNotEqualTo(before.certificate().serial());
        assertThat(log(task)).contains("OK Revoked the certificate of " + newDomain + " (serial " + serial
                + ") that the task obtained");
        assertThat(PEBBLE.certificateStatus(serial)).as("the CA has the new certificate revoked").isEqualTo("Revoked");
        assertThat(PEBBLE.certificateStatus(before.certificate().serial())).as("the site's own certificate")
                .isEqualTo("Valid");
    }

    @Test
    void aCloneRolledBackAfterItsCertificateStepRevokesTheCertificateItGotAndNotTheOriginals() throws Exception {
        long platform = examplePlatform("example-base");
        long siteId = installedSite("clonerb", platform, master().db().id());
        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, false),
                ClientScope.ALL, "admin").orElseThrow().task().id());
        assertThat(verify.status()).as(log(verify)).isEqualTo(TaskStatus.SUCCESS);
        CertificateStore.Snapshot before = certificates.snapshot(siteId);

        String cloneDomain = "clonerb-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        Set<Feature> features = settings.enabledFeatures();
        settings.setFeature(Feature.CLONE, true);
        stepFaults.failAfter("clone", "certificate");
        TaskSummary failed;
        try {
            failed = run(siteId, SiteTaskType.CLONE, new SiteTaskArgs.Clone(cloneDomain, platform, master().db().id(),
                    List.of()));
        } finally {
            stepFaults.clear();
            settings.setFeatures(features);
        }
        assertThat(failed.status()).as(log(failed)).isEqualTo(TaskStatus.ERROR);
        assertRolledBackTruthfully(failed, "a clone failed after the certificate step");
        assertRevokedInTheUndo(failed, cloneDomain, before);
        assertThat(tlsDir.resolve(cloneDomain)).doesNotExist();
        assertThat(certificates.snapshot(siteId)).isEqualTo(before);
    }

    private void assertOldCertificateKept(long siteId, String domain, CertificateStore.Snapshot before,
                                          String newDomain, SSLContext pebble) {
        assertThat(site(siteId).domain()).isEqualTo(domain);
        assertThat(certificates.snapshot(siteId)).as("the record and last attempt of before the migrate")
                .isEqualTo(before);
        assertThat(https.certificate(siteId, ClientScope.ALL).names()).containsExactly(domain);
        assertThat(httpsGet(pebble, domain, "/").serial()).as("the record names the certificate served")
                .isEqualTo(before.certificate().serial());
        assertThat(tlsDir.resolve(newDomain)).as("the new domain's certificate files are removed").doesNotExist();
    }

    @Test
    void aNewVhostTheWebServerRefusesTakesTheCertificateFilesPutThereForItWithItsRollback() throws Exception {
        long siteId = installedSite("refused", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();
        String newDomain = "refused-new-" + Long.toString(System.nanoTime(), 36) + ".example.com";
        Path dir = keys;
        X509Certificate both = TlsProbe.selfSigned(dir, "both", domain, newDomain);
        https.upload(siteId, Files.readString(dir.resolve("both.crt")), Files.readString(dir.resolve("both.key")),
                ClientScope.ALL, "admin");
        https.change(siteId, new HttpsSettings(HttpsMode.ON, false), ClientScope.ALL, "admin");
        await().atMost(TASK_TIMEOUT).until(() -> siteTasks.openTask(siteId, SiteTaskType.VERIFY).isEmpty());
        TaskSummary verify = finishedTask(siteTasks.history(siteId, 0).items().get(0).id());
        assertThat(verify.status()).as(log(verify)).isEqualTo(TaskStatus.SUCCESS);

        Path broken = vhostDir().resolve("000-broken-by-test");
        Files.writeString(broken, "this is no nginx configuration;\n");
        Set<Feature> features = settings.enabledFeatures();
        settings.setFeature(Feature.MIGRATE, true);
        TaskSummary migrate;
        try {
            migrate = run(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(newDomain, null, null));
        } finally {
            settings.setFeatures(features);
            Files.delete(broken);
        }

        assertThat(migrate.status()).as(log(migrate)).isEqualTo(TaskStatus.ERROR);
        assertThat(log(migrate)).contains("Certificate and key of " + newDomain + " put in",
                "refused the new vhost of " + newDomain);
        assertRolledBackTruthfully(migrate, "the new vhost refused");
        assertThat(vhostDir().resolve(newDomain)).doesNotExist();
        assertThat(tlsDir.resolve(newDomain)).as("no certificate or key left for the refused vhost").doesNotExist();
        assertThat(site(siteId).domain()).isEqualTo(domain);
        assertThat(httpsGet(TlsProbe.trusting(both), domain, "/").certificate()).isEqualTo(both);
    }

    @Test
    void aRestoreKeepsTheSitesCurrentHttpsAndItsCertificateWhetherTheBackupHadHttpsOrNot() throws Exception {
        long siteId = installedSite("restore", examplePlatform("example-base"), master().db().id());
        String domain = site(siteId).domain();
        long beforeHttps = backup(siteId, "before HTTPS");
        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, true),
                ClientScope.ALL, "admin").orElseThrow().task().id());
        assertThat(verify.status()).as(log(verify)).isEqualTo(TaskStatus.SUCCESS);
        String serial = certificates.find(siteId).orElseThrow().serial();
        long withHttps = backup(siteId, "with HTTPS");
        SSLContext pebble = PEBBLE.issuedTrust();

        for (long backupId : List.of(withHttps, beforeHttps)) {
            TaskSummary restore = run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));

            assertThat(restore.status()).as(log(restore)).isEqualTo(TaskStatus.SUCCESS);
            assertThat(log(restore)).as("the restore asked the site over HTTPS").contains("over HTTPS for " + domain);
            assertThat(https.settings(siteId, ClientScope.ALL)).isEqualTo(new HttpsSettings(HttpsMode.REQUIRED, true));
            assertThat(certificates.find(siteId).orElseThrow().serial()).as("the same certificate").isEqualTo(serial);
            Served served = httpsGet(pebble, domain, "/");
            assertThat(served.status()).isEqualTo(200);
            assertThat(served.serial()).isEqualTo(serial);
            assertThat(served.headers()).containsIgnoringCase("Strict-Transport-Security");
            assertThat(get(domain, "/").status()).as("plain HTTP still redirects").isEqualTo(301);
            assertThat(site(siteId).url()).isEqualTo("https://" + domain + "/");
        }
    }

    private long backup(long siteId, String description) {
        TaskSummary backup = run(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup(description));
        assertThat(backup.status()).as(log(backup)).isEqualTo(TaskStatus.SUCCESS);
        return backups.listForSite(siteId).stream().filter(b -> description.equals(b.description())).findFirst()
                .orElseThrow().id();
    }

    /** GET over HTTPS from the private nginx's HTTPS port, as a browser would ({@link TlsProbe}). */
    private static Served httpsGet(SSLContext trust, String domain, String path) {
        return TlsProbe.get(trust, HTTPS_PORT, domain, path);
    }
}
