package dev.bosun.test;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Let's Encrypt's test CA for one test class: {@code pebble} (the Debian package) on its own ports with a TLS
 * certificate made for the run, and {@code pebble-challtestsrv} as its DNS, answering 127.0.0.1 for every name,
 * so that HTTP-01 validation reaches the web server on {@code httpPort} of this machine. Needs {@code pebble},
 * {@code pebble-challtestsrv} and {@code openssl} ({@link RequiresProgram}).
 */
public final class Pebble implements AutoCloseable {

    private final Path dir;
    private final int acmePort = FreePorts.next();
    private final int managementPort = FreePorts.next();
    private final int dnsPort = FreePorts.next();
    private final int challengeManagementPort = FreePorts.next();
    private final List<Process> processes = new ArrayList<>();

    public Pebble() {
        try {
            dir = TestDatabases.temporaryFolder("bosun-pebble");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ACME directory URL (to set as {@code bosun.https.acme-directory} before the CA is started). */
    public String directoryUrl() {
        return "https://127.0.0.1:" + acmePort + "/dir";
    }

    /** The PEM of the certificate pebble's own API serves (to set as {@code bosun.https.acme-trust}). */
    public Path apiCertificate() {
        return dir.resolve("api-cert.pem");
    }

    /**
     * The panel's settings for this CA, for a test class's {@code @DynamicPropertySource}: its directory, the
     * trust of its API's certificate, and a renewal tick long enough that the renewal job never fires by itself
     * during a test (tests call it).
     */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("bosun.https.acme-directory", this::directoryUrl);
        registry.add("bosun.https.acme-trust", () -> apiCertificate().toString());
        registry.add("bosun.https.renewal-tick", () -> "1h");
    }

    /**
     * Starts the DNS and the CA; validation asks {@code http://<name>:httpPort/}. {@code alwaysValid} skips
     * validation (only where validation is not the point).
     */
    public void start(int httpPort, boolean alwaysValid) throws Exception {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close));
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", dir.resolve("api-key.pem").toString(),
                "-out", apiCertificate().toString());
        processes.add(start(List.of(program("pebble-challtestsrv"), "-dns01", "127.0.0.1:" + dnsPort, "-http01", "",
                "-https01", "", "-tlsalpn01", "", "-management", "127.0.0.1:" + challengeManagementPort,
                "-defaultIPv4", "127.0.0.1", "-defaultIPv6", ""), Map.of(), "challtestsrv.log"));
        Files.writeString(dir.resolve("pebble.json"), """
                {"pebble": {"listenAddress": "127.0.0.1:%d", "managementListenAddress": "127.0.0.1:%d",
                  "certificate": "%s", "privateKey": "%s", "httpPort": %d, "tlsPort": %d,
                  "ocspResponderURL": "", "externalAccountBindingRequired": false}}
                """.formatted(acmePort, managementPort, apiCertificate(), dir.resolve("api-key.pem"), httpPort,
                FreePorts.next()));
        processes.add(start(List.of(program("pebble"), "-config", dir.resolve("pebble.json").toString(),
                "-dnsserver", "127.0.0.1:" + dnsPort), Map.of("PEBBLE_VA_NOSLEEP", "1", "PEBBLE_WFE_NONCEREJECT", "0",
                "PEBBLE_AUTHZREUSE", "0", "PEBBLE_VA_ALWAYS_VALID", alwaysValid ? "1" : "0"), "pebble.log"));
        await().atMost(Duration.ofSeconds(30)).until(() -> accepts(acmePort) && accepts(managementPort)
                && accepts(challengeManagementPort));
    }

    /** Makes the DNS answer SERVFAIL for {@code host}: validation of that name fails. */
    public void failLookups(String host) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + challengeManagementPort + "/set-servfail"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"host\":\"" + host + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("set-servfail: HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** A trust store of pebble's root and intermediate, fetched from its management API. */
    public SSLContext issuedTrust() throws Exception {
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        int i = 0;
        for (String path : List.of("/roots/0", "/intermediates/0")) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(managementGet(path))) {
                keys.setCertificateEntry("pebble-" + i++, certificate);
            }
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /**
     * What pebble's management API says of the certificate with this serial (hexadecimal, no leading zeros):
     * {@code Valid} or {@code Revoked}.
     */
    public String certificateStatus(String serialHex) throws Exception {
        try (InputStream in = managementGet("/cert-status-by-serial/" + serialHex)) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher status = Pattern.compile("\"Status\"\\s*:\\s*\"(\\w+)\"")
                    .matcher(json);
            if (!status.find()) {
                throw new IllegalStateException("pebble's certificate status has no Status: " + json);
            }
            return status.group(1);
        }
    }

    private InputStream managementGet(String path) throws Exception {
        KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
        keys.load(null, null);
        try (InputStream in = Files.newInputStream(apiCertificate())) {
            keys.setCertificateEntry("api", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        HttpResponse<InputStream> response = HttpClient.newBuilder().sslContext(context).build().send(
                HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("pebble management " + path + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    public String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("pebble.log", "challtestsrv.log")) {
            try {
                Path file = dir.resolve(name);
                text.append("--- ").append(name).append('\n').append(Files.exists(file) ? Files.readString(file) : "");
            } catch (IOException e) {
                text.append(e.getMessage());
            }
        }
        return text.toString();
    }

    private Process start(List<String> command, Map<String, String> env, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static String program(String name) {
        return RequiresProgramCondition.find(name).map(Path::toString).orElse(name);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + ": " + output);
        }
    }

    private static boolean accepts(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        for (Process process : processes) {
            process.destroy();
        }
        for (Process process : processes) {
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
