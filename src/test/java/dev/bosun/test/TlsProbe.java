package dev.bosun.test;

import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A client of a web server's HTTPS port as a browser is: the site's name as SNI and Host, the chain verified
 * against a given trust and the name against the certificate. With self-signed certificates made by
 * {@code openssl} ({@link RequiresProgram}) for tests that need a certificate but no CA.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    /** An answer over HTTPS: status, head, body and the certificate the server presented. */
    public record Served(int status, String headers, String body, X509Certificate certificate) {

        public String serial() {
            return certificate.getSerialNumber().toString(16);
        }
    }

    /** GET over HTTPS, asked again for up to 20 s until the handshake and the answer succeed (reloads are async). */
    public static Served get(SSLContext trust, int port, String domain, String path) {
        return await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> once(trust, port, domain, path), served -> true);
    }

    /** GET over HTTPS once; an exception when the handshake or the name check fails. */
    public static Served once(SSLContext trust, int port, String domain, String path) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", port);
             SSLSocket socket = (SSLSocket) trust.getSocketFactory().createSocket(plain, domain, port, true)) {
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setServerNames(List.of(new SNIHostName(domain)));
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            TestFleet.HttpAnswer answer = TestFleet.HttpAnswer.over(socket, domain, path);
            return new Served(answer.status(), answer.head(), answer.body(),
                    (X509Certificate) socket.getSession().getPeerCertificates()[0]);
        }
    }

    /** A trust of exactly these certificates. */
    public static SSLContext trusting(X509Certificate... certificates) throws Exception {
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        for (int i = 0; i < certificates.length; i++) {
            keys.setCertificateEntry("trusted-" + i, certificates[i]);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * A self-signed certificate for {@code domain} (and {@code more} names), valid 30 days: {@code <dir>/<name>.crt}
     * and {@code .key}.
     */
    public static X509Certificate selfSigned(Path dir, String name, String domain, String... more) throws Exception {
        StringBuilder names = new StringBuilder("subjectAltName=DNS:" + domain);
        for (String other : more) {
            names.append(",DNS:").append(other);
        }
        Process process = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "30",
                "-subj", "/CN=" + domain, "-addext", names.toString(),
                "-keyout", dir.resolve(name + ".key").toString(), "-out", dir.resolve(name + ".crt").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("openssl req: " + output);
        }
        try (InputStream in = Files.newInputStream(dir.resolve(name + ".crt"))) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
