package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;

import dev.bosun.account.ClientScope;
import dev.bosun.server.internal.PanelKey;
import dev.bosun.site.internal.CertificateStore;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.FreePorts;
import dev.bosun.test.Pebble;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestFleet;
import dev.bosun.test.TestFleet.HttpAnswer;
import dev.bosun.test.TlsProbe;
import dev.bosun.test.TlsProbe.Served;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * HTTPS through migrate and clone between the two web servers of a {@link TestFleet}: certificates from
 * Let's Encrypt's test CA pebble, validated over HTTP-01 through the fleet's front door (each name answered by
 * the web server that serves it, as DNS would send the CA there), served on each web server's own HTTPS port
 * and checked with a client that trusts only pebble's root and intermediate.
 */
@RequiresProgram({"mariadb-dump|mysqldump", "mariadb|mysql", "pebble", "pebble-challtestsrv", "openssl"})
class FleetHttpsTests extends FleetSites {

    @RegisterExtension
    static TestFleet fleet = new TestFleet(2, context -> SpringExtension.getApplicationContext(context)
            .getBean(PanelKey.class).authorizedKeysLine());

    private static final Pebble PEBBLE = new Pebble();
    private static final List<Integer> HTTPS_PORTS = List.of(FreePorts.next(), FreePorts.next());

    @Autowired
    SiteHttpsService https;
    @Autowired
    CertificateStore certificates;

    @DynamicPropertySource
    static void acme(DynamicPropertyRegistry registry) {
        PEBBLE.register(registry);
    }

    @BeforeAll
    static void startPebble() throws Exception {
        PEBBLE.start(fleet.frontDoorPort(), false);
    }

    @AfterAll
    static void stopPebble() {
        PEBBLE.close();
    }

    @Override
    protected TestFleet fleet() {
        return fleet;
    }

    @Test
    void httpsMovesWithAMigrateToTheOtherWebServerAndANewDomainOrACloneGetsACertificateOfItsOwn() throws Exception {
        long on1 = fleetPlatform(1, "example-base");
        long on2 = fleetPlatform(2, "example-base");
        long db1 = fleetDb(fleet.db1());
        for (int web = 1; web <= 2; web++) {
            servers.changeHttps(fleetWeb(web).id(), httpsPort(web), null);
        }
        long siteId = installedSite("tls", on1, db1);
        String domain = site(siteId).domain();
        TaskSummary verify = finishedTask(https.change(siteId, new HttpsSettings(HttpsMode.REQUIRED, false),
                ClientScope.ALL, "admin").orElseThrow().task().id());
        assertThat(verify.status()).as(log(verify) + PEBBLE.log()).isEqualTo(TaskStatus.SUCCESS);
        String serial = certificates.find(siteId).orElseThrow().serial();
        SSLContext pebble = PEBBLE.issuedTrust();
        assertThat(TlsProbe.get(pebble, httpsPort(1), domain, "/").serial()).isEqualTo(serial);

        stepFaults.failAfter("migrate", "certificate");
        TaskSummary failed;
        try {
            failed = run(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, on2, null));
        } finally {
            stepFaults.clear();
        }
        assertThat(failed.status()).as(log(failed)).isEqualTo(TaskStatus.ERROR);
        assertThat(certificateDir(2, domain)).as("a migrate rolled back leaves no key on the target").doesNotExist();
        assertThat(TlsProbe.get(pebble, httpsPort(1), domain, "/").serial()).isEqualTo(serial);

        String migrated = succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(null, on2, null));

        assertThat(migrated).as("the certificate moves, none is asked for").doesNotContain("Asking");
        Served moved = TlsProbe.get(pebble, httpsPort(2), domain, "/");
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.serial()).isEqualTo(serial);
        assertThat(moved.body()).contains(domain);
        HttpAnswer plain = answer(fleet.web(2), domain, answer -> answer.status() == 301);
        assertThat(plain.location()).isEqualTo("https://" + domain + ":" + httpsPort(2) + "/");
        assertThat(answer(fleet.web(1), domain, answer -> answer.status() == 404).status()).isEqualTo(404);
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> refused(pebble, 1, domain), refused -> refused))
                .as("web1 no longer serves it over HTTPS").isTrue();
        assertThat(certificateDir(1, domain)).as("the old server's files are removed").doesNotExist();
        assertThat(certificateDir(2, domain).resolve("privkey.pem")).exists();

        String cloneDomain = uniqueDomain("tls-copy");
        succeeds(siteId, SiteTaskType.CLONE, new SiteTaskArgs.Clone(cloneDomain, on1, db1, List.of()));

        long cloneId = jdbc.sql("SELECT id FROM sites WHERE domain = :d").param("d", cloneDomain)
                .query(Long.class).single();
        assertThat(https.settings(cloneId, ClientScope.ALL).mode()).isEqualTo(HttpsMode.REQUIRED);
        assertThat(https.certificate(cloneId, ClientScope.ALL).names()).as("new names, new certificate")
                .containsExactly(cloneDomain);
        Served clone = TlsProbe.get(pebble, httpsPort(1), cloneDomain, "/");
        assertThat(clone.status()).isEqualTo(200);
        assertThat(clone.serial()).isEqualTo(certificates.find(cloneId).orElseThrow().serial()).isNotEqualTo(serial);
        assertThat(clone.body()).contains(cloneDomain);
        assertThat(TlsProbe.get(pebble, httpsPort(2), domain, "/").serial()).as("the original keeps its own")
                .isEqualTo(serial);

        String renamed = uniqueDomain("tls-renamed");
        succeeds(siteId, SiteTaskType.MIGRATE, new SiteTaskArgs.Migrate(renamed, on1, null));

        assertThat(https.certificate(siteId, ClientScope.ALL).names()).as("a new domain, a new certificate")
                .containsExactly(renamed);
        Served back = TlsProbe.get(pebble, httpsPort(1), renamed, "/");
        assertThat(back.status()).isEqualTo(200);
        assertThat(back.serial()).isEqualTo(certificates.find(siteId).orElseThrow().serial()).isNotEqualTo(serial);
        assertThat(back.body()).contains(renamed);
        assertThat(await().atMost(Duration.ofSeconds(20)).until(() -> refused(pebble, 2, domain), refused -> refused))
                .as("web2 no longer serves the old domain over HTTPS").isTrue();
        assertThat(certificateDir(2, domain)).doesNotExist();

        for (long id : List.of(cloneId, siteId)) {
            run(id, SiteTaskType.DISABLE, new SiteTaskArgs.None());
            run(id, SiteTaskType.DELETE, new SiteTaskArgs.None());
            assertThat(site(id).status()).as(log(lastTask(id, "delete"))).isEqualTo(SiteStatus.DELETED);
        }
        assertThat(certificateDir(1, cloneDomain)).as("delete removes the certificate's files").doesNotExist();
        assertThat(certificateDir(1, renamed)).doesNotExist();
    }

    private static int httpsPort(int web) {
        return HTTPS_PORTS.get(web - 1);
    }

    /** The certificate folder of a domain on a fleet web server: {@code bosun-tls} beside its vhost folder. */
    private static Path certificateDir(int web, String domain) {
        return fleet.web(web).vhostDir().resolveSibling("bosun-tls").resolve(domain);
    }

    /** Whether the web server's HTTPS port no longer serves the domain with a certificate for it. */
    private static boolean refused(SSLContext trust, int web, String domain) {
        try {
            TlsProbe.once(trust, httpsPort(web), domain, "/");
            return false;
        } catch (Exception refused) {
            return true;
        }
    }
}
