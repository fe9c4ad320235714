package dev.bosun.site.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import dev.bosun.secret.SecretBox;
import dev.bosun.server.HttpDriver;
import dev.bosun.task.TaskLogger;
import org.shredzone.acme4j.AccountBuilder;
import org.shredzone.acme4j.Authorization;
import org.shredzone.acme4j.Login;
import org.shredzone.acme4j.Order;
import org.shredzone.acme4j.Problem;
import org.shredzone.acme4j.RevocationReason;
import org.shredzone.acme4j.Session;
import org.shredzone.acme4j.Status;
import org.shredzone.acme4j.challenge.Http01Challenge;
import org.shredzone.acme4j.connector.HttpConnector;
import org.shredzone.acme4j.connector.NetworkSettings;
import org.shredzone.acme4j.exception.AcmeException;
import org.shredzone.acme4j.provider.GenericAcmeProvider;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.springframework.stereotype.Component;

/**
 * Gets a certificate from the ACME CA of {@code bosun.https.acme-directory} with HTTP-01 challenges: each
 * answer is put on the site's web servers, where every Bosun vhost serves {@code /.well-known/acme-challenge/},
 * and removed again whatever happened. The panel's account (one per directory) is made on first use, its key
 * stored encrypted.
 */
@Component
class AcmeIssuer {

    private final HttpsProperties properties;
    private final CertificateStore store;
    private final SecretBox secrets;

    AcmeIssuer(HttpsProperties properties, CertificateStore store, SecretBox secrets) {
        this.properties = properties;
        this.store = store;
        this.secrets = secrets;
    }

    /** The issued chain (PEM), its new key and the URL of the order it was issued for. */
    record Issued(String chainPem, String keyPem, String orderUrl) {
    }

    /** Thrown with the CA's or the network's words when no certificate could be had. */
    static final class AcmeFailure extends Exception {
        AcmeFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    Issued issue(List<String> names, List<HttpDriver> webServers, TaskLogger log) throws AcmeFailure {
        return issue(names, webServers, orderUrl -> { }, log);
    }

    /**
     * As {@link #issue(List, List, TaskLogger)}; {@code beforeFinalizing} is given the order's URL once the names are
     * validated and before the order is finalized (before the CA can issue anything), so a caller can journal it. An
     * exception it throws ends the order unfinalized, as an {@link AcmeFailure}.
     */
    Issued issue(List<String> names, List<HttpDriver> webServers, Consumer<String> beforeFinalizing, TaskLogger log)
            throws AcmeFailure {
        PemCertificate.registerProvider();
        try {
            Login login = login(log);
            Order order = login.newOrder().domains(names).create();
            for (Authorization authorization : order.getAuthorizations()) {
                authorize(authorization, webServers, log);
            }
            KeyPair key = KeyPairUtils.createKeyPair(2048);
            beforeFinalizing.accept(order.getLocation().toString());
            order.execute(key);
            Status status = order.waitForCompletion(properties.acmeTimeout());
            if (status != Status.VALID) {
                throw new AcmeFailure("the order ended " + status + problem(order.getError().orElse(null)), null);
            }
            StringWriter chain = new StringWriter();
            order.getCertificate().writeCertificate(chain);
            return new Issued(chain.toString(), PemCertificate.writeKey(key), order.getLocation().toString());
        } catch (AcmeException | IOException e) {
            throw new AcmeFailure(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeFailure("interrupted", e);
        } catch (RuntimeException e) {
            throw new AcmeFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Revokes a certificate this panel got from the CA of {@code bosun.https.acme-directory}, signed with the panel's
     * account there (the account that ordered it), reason "cessation of operation". Never makes an account: without
     * one there is nothing this panel ordered.
     */
    void revoke(String chainPem, TaskLogger log) throws AcmeFailure {
        PemCertificate.registerProvider();
        try {
            var stored = store.account(properties.acmeDirectory());
            if (stored.isEmpty()) {
                throw new AcmeFailure("the panel has no ACME account at " + properties.acmeDirectory(), null);
            }
            Login login = login(log);
            org.shredzone.acme4j.Certificate.revoke(login, leaf(chainPem), RevocationReason.CESSATION_OF_OPERATION);
        } catch (AcmeException | IOException e) {
            throw new AcmeFailure(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AcmeFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The chain the CA issued for an order of this panel's account at {@code bosun.https.acme-directory} (waiting for
     * one still being processed), or empty when the order issued none. Never makes an account.
     */
    Optional<String> issuedFor(String orderUrl, TaskLogger log) throws AcmeFailure {
        PemCertificate.registerProvider();
        try {
            if (store.account(properties.acmeDirectory()).isEmpty()) {
                throw new AcmeFailure("the panel has no ACME account at " + properties.acmeDirectory(), null);
            }
            Order order = login(log).bindOrder(URI.create(orderUrl).toURL());
            order.fetch();
            Status status = order.getStatus();
            if (status == Status.PROCESSING) {
                status = order.waitForCompletion(properties.acmeTimeout());
            }
            if (status != Status.VALID) {
                return Optional.empty();
            }
            StringWriter chain = new StringWriter();
            order.getCertificate().writeCertificate(chain);
            return Optional.of(chain.toString());
        } catch (AcmeException | IOException e) {
            throw new AcmeFailure(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AcmeFailure("interrupted", e);
        } catch (RuntimeException e) {
            throw new AcmeFailure(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The leaf (first) certificate of a PEM chain. */
    static X509Certificate leaf(String chainPem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(chainPem.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    private void authorize(Authorization authorization, List<HttpDriver> webServers, TaskLogger log)
            throws AcmeException, InterruptedException, AcmeFailure {
        String name = authorization.getIdentifier().getDomain();
        if (authorization.getStatus() == Status.VALID) {
            log.info("ACME: " + name + " is already authorised");
            return;
        }
        Http01Challenge challenge = authorization.findChallenge(Http01Challenge.class).orElseThrow(() ->
                new AcmeFailure("the CA offers no HTTP-01 challenge for " + name, null));
        for (HttpDriver web : webServers) {
            web.writeChallenge(challenge.getToken(), challenge.getAuthorization(), log);
        }
        try {
            challenge.trigger();
            Status status = challenge.waitForCompletion(properties.acmeTimeout());
            if (status != Status.VALID) {
                throw new AcmeFailure("the CA could not validate " + name + problem(challenge.getError().orElse(null)),
                        null);
            }
            log.ok("ACME: " + name + " validated over HTTP-01");
        } finally {
            for (HttpDriver web : webServers) {
                web.removeChallenge(challenge.getToken(), log);
            }
        }
    }

    private static String problem(Problem problem) {
        return problem == null ? "" : ": " + problem;
    }

    private Login login(TaskLogger log) throws AcmeException, IOException {
        Session session = new Session(URI.create(properties.acmeDirectory()), new Provider(trust()));
        var stored = store.account(properties.acmeDirectory());
        if (stored.isPresent()) {
            KeyPair key = KeyPairUtils.readKeyPair(new StringReader(secrets.decrypt(stored.get().keyEnc())));
            return session.login(URI.create(stored.get().accountUrl()).toURL(), key);
        }
        KeyPair key = KeyPairUtils.createECKeyPair("secp256r1");
        AccountBuilder builder = new AccountBuilder().agreeToTermsOfService().useKeyPair(key);
        if (properties.acmeEmail() != null && !properties.acmeEmail().isBlank()) {
            builder.addEmail(properties.acmeEmail());
        }
        Login login = builder.createLogin(session);
        URL url = login.getAccountLocation();
        var saved = store.saveAccount(properties.acmeDirectory(),
                new CertificateStore.Account(url.toString(), secrets.encrypt(PemCertificate.writeKey(key))));
        log.info("ACME: account made at " + properties.acmeDirectory());
        if (!saved.accountUrl().equals(url.toString())) {
            return login(log);
        }
        return login;
    }

    /** The JVM's trusted CAs, plus those of {@code bosun.https.acme-trust} when set; null for the JVM's own. */
    private SSLContext trust() throws IOException {
        if (properties.acmeTrust() == null) {
            return null;
        }
        try (InputStream in = Files.newInputStream(properties.acmeTrust())) {
            KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
            keys.load(null, null);
            int i = 0;
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                keys.setCertificateEntry("acme-trust-" + i++, certificate);
            }
            TrustManagerFactory defaults = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            defaults.init((KeyStore) null);
            for (X509Certificate ca : ((X509TrustManager) defaults.getTrustManagers()[0]).getAcceptedIssuers()) {
                keys.setCertificateEntry("jvm-" + i++, ca);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(keys);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("Cannot read bosun.https.acme-trust " + properties.acmeTrust() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The generic provider, with the TLS trust of {@link #trust()} when one is set. */
    private static final class Provider extends GenericAcmeProvider {

        private final SSLContext sslContext;

        Provider(SSLContext sslContext) {
            this.sslContext = sslContext;
        }

        @Override
        protected HttpConnector createHttpConnector(NetworkSettings settings) {
            return new HttpConnector(settings) {
                @Override
                public HttpClient.Builder createClientBuilder() {
                    HttpClient.Builder builder = super.createClientBuilder();
                    return sslContext == null ? builder : builder.sslContext(sslContext);
                }
            };
        }
    }
}
