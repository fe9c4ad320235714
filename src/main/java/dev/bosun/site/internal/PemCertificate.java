package dev.bosun.site.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.shredzone.acme4j.util.KeyPairUtils;

/**
 * A certificate chain (leaf first) and its private key, read from PEM and checked: the key belongs to the
 * leaf, the leaf covers the names, it is valid now. The checks name what is wrong in words a form shows.
 */
public record PemCertificate(List<X509Certificate> chain, PrivateKey key, String chainPem, String keyPem) {

    static {
        if (Security.getProvider(BouncyCastleProvider.PROVIDER_NAME) == null) {
            Security.addProvider(new BouncyCastleProvider());
        }
    }

    /** BouncyCastle registered as a provider (acme4j's CSRs and key files need it); call before using acme4j. */
    static void registerProvider() {
        // the static initialiser did it
    }

    /** The chain and key, or an {@link IllegalArgumentException} whose message says which one is unreadable. */
    public static PemCertificate read(String chainPem, String keyPem) {
        List<X509Certificate> chain = readChain(chainPem);
        PrivateKey key = readKey(keyPem);
        return new PemCertificate(chain, key, normalise(chainPem), normalise(keyPem));
    }

    public static List<X509Certificate> readChain(String pem) {
        if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("Not a PEM certificate (-----BEGIN CERTIFICATE-----).");
        }
        try {
            Collection<? extends java.security.cert.Certificate> read = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            List<X509Certificate> chain = read.stream().map(X509Certificate.class::cast).toList();
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("The certificate file holds no certificate.");
            }
            return chain;
        } catch (CertificateException e) {
            throw new IllegalArgumentException("The certificate cannot be read: " + e.getMessage(), e);
        }
    }

    /** A PEM private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC …}). */
    public static PrivateKey readKey(String pem) {
        if (pem == null || !pem.contains("PRIVATE KEY-----")) {
            throw new IllegalArgumentException("Not a PEM private key (-----BEGIN … PRIVATE KEY-----).");
        }
        if (pem.contains("ENCRYPTED")) {
            throw new IllegalArgumentException("The private key is encrypted with a passphrase; upload it without one.");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object read = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (read instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (read instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IllegalArgumentException("The private key cannot be read: the PEM holds "
                    + (read == null ? "nothing" : "no private key") + ".");
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException known && known.getMessage().startsWith("The private key")) {
                throw known;
            }
            throw new IllegalArgumentException("The private key cannot be read: " + e.getMessage(), e);
        }
    }

    public static String writeKey(KeyPair key) {
        try {
            StringWriter out = new StringWriter();
            KeyPairUtils.writeKeyPair(key, out);
            return out.toString();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write a key: " + e.getMessage(), e);
        }
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    /** Whether the private key is the leaf's: a signature made with it verifies with the leaf's public key. */
    public boolean keyMatches() {
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null || !sameFamily(key.getAlgorithm(), leaf().getPublicKey().getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(leaf().getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean sameFamily(String keyAlgorithm, String certificateAlgorithm) {
        String a = keyAlgorithm.startsWith("EC") ? "EC" : keyAlgorithm;
        String b = certificateAlgorithm.startsWith("EC") ? "EC" : certificateAlgorithm;
        return a.equals(b) || a.startsWith("Ed") && b.startsWith("Ed");
    }

    /** The DNS names of the leaf (its subject alternative names), lower case. */
    public List<String> names() {
        return names(leaf());
    }

    public static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (Integer.valueOf(2).equals(entry.get(0))) {
                        names.add(entry.get(1).toString().toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("The certificate's names cannot be read: " + e.getMessage(), e);
        }
        return names;
    }

    /** The names the leaf does not cover ({@code *.example.com} covers one label under it). */
    public List<String> uncovered(List<String> wanted) {
        return uncovered(names(), wanted);
    }

    public static List<String> uncovered(List<String> covered, List<String> wanted) {
        return wanted.stream().filter(name -> !covers(covered, name.toLowerCase(Locale.ROOT))).toList();
    }

    private static boolean covers(List<String> covered, String name) {
        for (String entry : covered) {
            if (entry.equals(name)) {
                return true;
            }
            if (entry.startsWith("*.") && name.indexOf('.') > 0
                    && name.substring(name.indexOf('.') + 1).equals(entry.substring(2))) {
                return true;
            }
        }
        return false;
    }

    public Instant notBefore() {
        return leaf().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return leaf().getNotAfter().toInstant();
    }

    public String issuer() {
        return leaf().getIssuerX500Principal().getName();
    }

    public String serial() {
        return leaf().getSerialNumber().toString(16);
    }

    private static String normalise(String pem) {
        String text = pem.replace("\r\n", "\n").strip();
        return text + "\n";
    }
}
