package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.bosun.server.DisabledVhost;
import dev.bosun.server.HttpServiceInfo;
import dev.bosun.server.HttpType;
import dev.bosun.server.InvalidNameException;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerStatus;
import dev.bosun.server.ShellException;
import dev.bosun.server.SiteVhost;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TlsProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A web server of the machine with a private configuration, PHP-FPM behind it, and vhosts Bosun writes. */
abstract class HttpDriverContractTests {

    Path home;
    Path docroot;
    WebServerProcess fpm;
    WebServerProcess web;
    TemplateHttpDriver driver;
    RecordingTaskRun run = RecordingTaskRun.any();

    abstract HttpType type();

    abstract WebServerProcess startWebServer(Path vhostDir) throws Exception;

    abstract String configTestCommand(WebServerProcess web);

    abstract String reloadCommand(WebServerProcess web);

    /** A template the web server refuses. */
    abstract String brokenTemplate();

    @BeforeEach
    void startServers() throws Exception {
        home = WebServerProcess.openDirectory("bosun-home");
        docroot = home.resolve("platforms/drupal-10/web");
        Files.createDirectories(docroot);
        Files.writeString(docroot.resolve("index.php"), "<?php echo 'Hello from ', $_SERVER['HTTP_HOST'], "
                + "' via PHP ', PHP_MAJOR_VERSION, ' ', $_SERVER['REQUEST_URI'];\n");
        for (Path dir = docroot; !dir.equals(home.getParent()); dir = dir.getParent()) {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path vhostDir = home.resolve("config/master").resolve(type().dirName()).resolve("vhost.d");
        Files.createDirectories(vhostDir);
        fpm = WebServerProcess.phpFpm();
        web = startWebServer(vhostDir);
        HttpServiceInfo http = new HttpServiceInfo(1, 1, type(), vhostDir.toString(), configTestCommand(web),
                reloadCommand(web), web.port(), "127.0.0.1:" + fpm.port(), ServerStatus.ENABLED, web.httpsPort(), null);
        ServerInfo master = new ServerInfo(1, "master", "localhost", 22, null, true, ServerStatus.ENABLED, null, null,
                http, null);
        driver = new TemplateHttpDriver(master, new LocalShell("master"), home);
    }

    @AfterEach
    void stopServers() throws Exception {
        if (web != null) {
            web.close();
        }
        if (fpm != null) {
            fpm.close();
        }
        if (home != null) {
            WebServerProcess.deleteDirectory(home);
        }
    }

    @Test
    void servesTheSiteThroughPhpFpmUnderItsDomainAndAliases() {
        driver.writeSiteVhost(new SiteVhost("site-a.test", List.of("www.site-a.test"), List.of(), docroot.toString()),
                run.log());

        awaitBody("site-a.test", "/node/1", "Hello from site-a.test via PHP 8 /node/1");
        awaitBody("www.site-a.test", "/", "Hello from www.site-a.test via PHP");
        assertThat(driver.masterCopy("site-a.test")).exists();
        assertThat(run.messages("OK")).anySatisfy(line -> assertThat(line).startsWith("Reloaded"));
    }

    @Test
    void redirectsRedirectAliasesToTheDomain() throws Exception {
        driver.writeSiteVhost(new SiteVhost("site-r.test", List.of(), List.of("old-r.test", "older-r.test"),
                docroot.toString()), run.log());

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpProbe.Response response = HttpProbe.get(web.port(), "older-r.test", "/about");
            assertThat(response.status()).isEqualTo(301);
            assertThat(response.header("Location")).isEqualTo("http://site-r.test/about");
        });
    }

    @Test
    void refusesABrokenTemplateAndTheOldVhostStillServes() throws Exception {
        SiteVhost vhost = new SiteVhost("site-b.test", List.of(), List.of(), docroot.toString());
        driver.writeSiteVhost(vhost, run.log());
        awaitBody("site-b.test", "/", "Hello from site-b.test");
        String before = Files.readString(driver.masterCopy("site-b.test"));
        Path templates = Files.createDirectories(home.resolve("config/templates"));
        Files.writeString(templates.resolve(type().dirName() + "-site.conf"), brokenTemplate());

        assertThatThrownBy(() -> driver.writeSiteVhost(vhost, run.log()))
                .isInstanceOf(ShellException.class)
                .hasMessageContaining("refused the new vhost of site-b.test")
                .hasMessageContaining("BosunBroken")
                .hasMessageContaining("previous vhost was put back");

        assertThat(Files.readString(driver.masterCopy("site-b.test"))).isEqualTo(before);
        driver.reload(run.log());
        awaitBody("site-b.test", "/", "Hello from site-b.test");
    }

    @Test
    void aRefusedFirstVhostIsRemovedAgain() throws Exception {
        Path templates = Files.createDirectories(home.resolve("config/templates"));
        Files.writeString(templates.resolve(type().dirName() + "-site.conf"), brokenTemplate());

        assertThatThrownBy(() -> driver.writeSiteVhost(new SiteVhost("site-n.test", List.of(), List.of(),
                docroot.toString()), run.log())).hasMessageContaining("The new file was removed");

        assertThat(driver.masterCopy("site-n.test")).doesNotExist();
        driver.configTest(run.log());
    }

    @Test
    void servesADisabledSiteAStaticPageOfItsOwnAndTheSiteAgainWhenEnabled() throws Exception {
        SiteVhost vhost = new SiteVhost("site-d.test", List.of("alias-d.test"), List.of(), docroot.toString());
        driver.writeSiteVhost(vhost, run.log());

        driver.writeDisabledVhost(new DisabledVhost("site-d.test", List.of("alias-d.test")), run.log());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            HttpProbe.Response response = HttpProbe.get(web.port(), "alias-d.test", "/user/login");
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Location")).as("no redirect to the panel").isNull();
            assertThat(response.header("Content-Type")).startsWith("text/html");
            assertThat(response.body()).contains("<h1>Site disabled</h1>", "site-d.test is not available")
                    .doesNotContain("Hello from");
        });

        driver.writeSiteVhost(vhost, run.log());
        awaitBody("site-d.test", "/", "Hello from site-d.test");
    }

    @Test
    @RequiresProgram("openssl")
    void servesTheSiteOverHttpsWithItsCertificateAndSendsPlainHttpThereWhenHttpsIsRequired() throws Exception {
        String domain = "site-s.test";
        Path keys = keys();
        X509Certificate certificate = TlsProbe.selfSigned(keys, "site", domain);
        SSLContext trust = TlsProbe.trusting(certificate);
        installCertificate(domain, keys, "site");

        driver.writeSiteVhost(new SiteVhost(domain, List.of(), List.of(), docroot.toString(),
                new SiteVhost.Tls(true, true)), run.log());

        TlsProbe.Served served = TlsProbe.get(trust, web.httpsPort(), domain, "/node/1");
        assertThat(served.status()).as(served.headers()).isEqualTo(200);
        assertThat(served.certificate()).isEqualTo(certificate);
        assertThat(served.body()).contains("Hello from " + domain + " via PHP 8 /node/1");
        assertThat(served.headers()).containsIgnoringCase("Strict-Transport-Security: max-age=31536000");
        HttpProbe.Response plain = HttpProbe.get(web.port(), domain, "/node/1?x=1");
        assertThat(plain.status()).isEqualTo(301);
        assertThat(plain.header("Location")).isEqualTo("https://" + domain + ":" + web.httpsPort() + "/node/1?x=1");
        String token = "bosun-test-token-" + type().dirName();
        driver.writeChallenge(token, token + ".key-authorization", run.log());
        HttpProbe.Response challenge = HttpProbe.get(web.port(), domain, "/.well-known/acme-challenge/" + token);
        assertThat(challenge.status()).as("ACME challenges stay on plain HTTP").isEqualTo(200);
        assertThat(challenge.body().strip()).isEqualTo(token + ".key-authorization");
        driver.removeChallenge(token, run.log());

        driver.writeDisabledVhost(new DisabledVhost(domain, List.of(), true), run.log());
        TlsProbe.Served disabled = await().atMost(Duration.ofSeconds(20))
                .until(() -> TlsProbe.get(trust, web.httpsPort(), domain, "/"), answer -> answer.status() == 503);
        assertThat(disabled.body()).contains("Site disabled");
        assertThat(disabled.certificate()).isEqualTo(certificate);
    }

    @Test
    @RequiresProgram("openssl")
    void aRefusedVhostLeavesTheCertificateFilesAsTheyWereBeforeItsCertificateWasInstalled() throws Exception {
        String domain = "site-c.test";
        Path keys = keys();
        X509Certificate first = TlsProbe.selfSigned(keys, "first", domain);
        TlsProbe.selfSigned(keys, "second", domain);
        SiteVhost vhost = new SiteVhost(domain, List.of(), List.of(), docroot.toString(),
                new SiteVhost.Tls(false, false));
        installCertificate(domain, keys, "first");
        driver.writeSiteVhost(vhost, run.log());
        installCertificate(domain, keys, "first");
        driver.writeSiteVhost(vhost, run.log());
        Path dir = Path.of(driver.certificatePath(domain)).getParent();
        assertThat(fileNames(dir)).as("an accepted vhost keeps no copies")
                .containsExactly("fullchain.pem", "privkey.pem");
        String chain = Files.readString(dir.resolve("fullchain.pem"));
        String key = Files.readString(dir.resolve("privkey.pem"));

        // a new certificate written in place over the one in use, its vhost refused: the old files are back
        Path templates = Files.createDirectories(home.resolve("config/templates"));
        Files.writeString(templates.resolve(type().dirName() + "-site.conf"), brokenTemplate());
        installCertificate(domain, keys, "second");
        assertThatThrownBy(() -> driver.writeSiteVhost(vhost, run.log()))
                .hasMessageContaining("refused the new vhost of " + domain)
                .hasMessageContaining("The previous certificate files of " + domain + " are back");
        assertThat(Files.readString(dir.resolve("fullchain.pem"))).isEqualTo(chain);
        assertThat(Files.readString(dir.resolve("privkey.pem"))).isEqualTo(key);
        assertThat(fileNames(dir)).containsExactly("fullchain.pem", "privkey.pem");
        driver.reload(run.log());
        assertThat(TlsProbe.get(TlsProbe.trusting(first), web.httpsPort(), domain, "/").certificate()).isEqualTo(first);

        // the first certificate of a domain, its vhost refused: nothing of it is left
        String other = "site-c2.test";
        TlsProbe.selfSigned(keys, "other", other);
        installCertificate(other, keys, "other");
        assertThatThrownBy(() -> driver.writeSiteVhost(new SiteVhost(other, List.of(), List.of(), docroot.toString(),
                new SiteVhost.Tls(false, false)), run.log()))
                .hasMessageContaining("The new certificate files of " + other + " were removed");
        assertThat(Path.of(driver.certificatePath(other)).getParent()).doesNotExist();
        driver.configTest(run.log());
    }

    /** A folder for test keys and certificates in the test's home, removed with it. */
    private Path keys() throws IOException {
        return Files.createDirectories(home.resolve("keys"));
    }

    /** Installs {@code <name>.crt} and {@code <name>.key} from {@code keys} as the certificate of {@code domain}. */
    private void installCertificate(String domain, Path keys, String name) throws IOException {
        driver.installCertificate(domain, Files.readString(keys.resolve(name + ".crt")),
                Files.readString(keys.resolve(name + ".key")), run.log());
    }

    private static List<String> fileNames(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void removingAVhostStopsServingTheDomainAndToleratesAMissingFile() throws Exception {
        driver.writeSiteVhost(new SiteVhost("site-x.test", List.of(), List.of(), docroot.toString()), run.log());
        awaitBody("site-x.test", "/", "Hello from site-x.test");

        driver.removeVhost("site-x.test", run.log());
        driver.removeVhost("site-x.test", run.log());

        assertThat(driver.masterCopy("site-x.test")).doesNotExist();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(HttpProbe.get(web.port(), "site-x.test", "/").body()).doesNotContain("Hello from"));
    }

    @Test
    void rejectsHostileNamesBeforeWritingAnything() throws Exception {
        for (String hostile : List.of("a;rm -rf /", "$(id).test", "`id`.test", "x.test\nserver_name evil",
                "../../etc/passwd", "ünï.test", "a".repeat(300))) {
            assertThatThrownBy(() -> driver.writeSiteVhost(new SiteVhost(hostile, List.of(), List.of(),
                    docroot.toString()), run.log())).isInstanceOf(InvalidNameException.class);
            assertThatThrownBy(() -> driver.writeSiteVhost(new SiteVhost("ok.test", List.of(hostile), List.of(),
                    docroot.toString()), run.log())).isInstanceOf(InvalidNameException.class);
        }
        assertThatThrownBy(() -> driver.writeSiteVhost(new SiteVhost("ok.test", List.of(), List.of(),
                docroot + "; include /etc/passwd"), run.log())).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> driver.writeDisabledVhost(new DisabledVhost("ok.test';return 200 'x",
                List.of()), run.log())).isInstanceOf(InvalidNameException.class);

        try (var files = Files.list(driver.masterCopy("ok.test").getParent())) {
            assertThat(files).isEmpty();
        }
    }

    private void awaitBody(String host, String path, String expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(HttpProbe.get(web.port(), host, path).body()).contains(expected));
    }
}
