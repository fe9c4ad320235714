package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.CertificateUtils;
import org.shredzone.acme4j.util.KeyPairUtils;

class PemCertificateTests {

    private static final Instant NOW = Instant.now();
    private static final KeyPair CA_KEY = KeyPairUtils.createKeyPair(2048);
    private static final X509Certificate CA = CertificateUtils.createTestRootCertificate("CN=Test CA",
            NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(90)), CA_KEY);

    @Test
    void aCertificateWithItsKeyMatchesAndCoversItsNamesAndOneLabelUnderAWildcard() throws Exception {
        KeyPair key = KeyPairUtils.createKeyPair(2048);
        PemCertificate certificate = PemCertificate.read(pem(issued(key, "example.com", "*.example.com")),
                PemCertificate.writeKey(key));

        assertThat(certificate.keyMatches()).isTrue();
        assertThat(certificate.names()).containsExactly("example.com", "*.example.com");
        assertThat(certificate.uncovered(List.of("example.com", "www.example.com", "a.b.example.com", "example.org")))
                .containsExactly("a.b.example.com", "example.org");
        assertThat(certificate.issuer()).isEqualTo("CN=Test CA");
    }

    @Test
    void anotherKeyDoesNotMatch() throws Exception {
        KeyPair key = KeyPairUtils.createKeyPair(2048);
        PemCertificate certificate = PemCertificate.read(pem(issued(key, "example.com")),
                PemCertificate.writeKey(KeyPairUtils.createKeyPair(2048)));

        assertThat(certificate.keyMatches()).isFalse();
    }

    @Test
    void unreadableInputIsRefusedWithWordsAFormCanShow() {
        assertThatThrownBy(() -> PemCertificate.readChain("hello")).hasMessage(
                "Not a PEM certificate (-----BEGIN CERTIFICATE-----).");
        assertThatThrownBy(() -> PemCertificate.readKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nx\n"))
                .hasMessageContaining("encrypted with a passphrase");
        assertThatThrownBy(() -> PemCertificate.readChain("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"))
                .hasMessageStartingWith("The certificate cannot be read");
    }

    @Test
    void renewalsBackOffFromAnHourToADay() {
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 50).stream().map(SiteCertificates::backOff).map(Duration::toHours))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 24L, 24L, 24L);
    }

    private static X509Certificate issued(KeyPair key, String... names) throws Exception {
        CSRBuilder csr = new CSRBuilder();
        csr.addDomains(names);
        csr.sign(key);
        return CertificateUtils.createTestCertificate(csr.getCSR(), NOW.minus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(30)), CA, CA_KEY.getPrivate());
    }

    private static String pem(X509Certificate certificate) throws Exception {
        StringWriter out = new StringWriter();
        out.write("-----BEGIN CERTIFICATE-----\n");
        out.write(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(certificate.getEncoded()));
        out.write("\n-----END CERTIFICATE-----\n");
        return out.toString();
    }
}
