package dev.bosun.site;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.shredzone.acme4j.util.CSRBuilder;
import org.shredzone.acme4j.util.CertificateUtils;
import org.shredzone.acme4j.util.KeyPairUtils;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The HTTPS API and page: the mode, the certificate's status, and uploads checked field by field. */
@BosunTest
class SiteHttpsApiTests {

    private static final KeyPair CA_KEY = KeyPairUtils.createKeyPair(2048);
    private static final Instant NOW = Instant.now();
    private static final X509Certificate CA = CertificateUtils.createTestRootCertificate("CN=Upload Test CA",
            NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(400)), CA_KEY);

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;

    long siteId;
    String domain;

    @BeforeEach
    void site() {
        String suffix = Long.toString(System.nanoTime(), 36);
        domain = "tls-" + suffix + ".example.com";
        long client = clients.create(new ClientForm("Tls Client " + suffix, null)).id();
        long server = id("INSERT INTO servers (name, hostname) VALUES ('tls" + suffix + "', 'localhost') RETURNING id");
        long db = id("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        long platform = id("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('Tls " + suffix + "', "
                + server + ", '/srv/tls-" + suffix + "', 'ENABLED') RETURNING id");
        siteId = id("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, language, status) "
                + "VALUES ('" + domain + "', " + client + ", " + platform + ", " + db
                + ", 'standard', 'en', 'DISABLED') RETURNING id");
        jdbc.sql("INSERT INTO site_aliases (site_id, alias, redirect) VALUES (:id, :alias, false)")
                .param("id", siteId).param("alias", "www." + domain).update();
    }

    @Test
    void theModeIsSetAndShownOnTheSiteResource() throws Exception {
        mvc.perform(get("/api/v1/sites/{id}/https", siteId).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("off"))
                .andExpect(jsonPath("$.certificate.source").doesNotExist());
        mvc.perform(put("/api/v1/sites/{id}/https", siteId).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"mode\":\"sideways\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("mode"));

        mvc.perform(put("/api/v1/sites/{id}/https", siteId).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"mode\":\"required\",\"hsts\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.mode").value("required"))
                .andExpect(jsonPath("$.hsts").value(true))
                .andExpect(jsonPath("$.verifyTask").value(Matchers.nullValue()));
        mvc.perform(get("/api/v1/sites/{id}", siteId).with(admin()))
                .andExpect(jsonPath("$.https").value("required"))
                .andExpect(jsonPath("$.url").value("http://" + domain + "/"));
    }

    @Test
    void anUploadIsCheckedFieldByFieldAndAFittingOneIsKept() throws Exception {
        KeyPair key = KeyPairUtils.createKeyPair(2048);
        String fitting = pem(issued(key, NOW.plus(Duration.ofDays(60)), domain, "www." + domain));

        upload(fitting, PemKey.of(KeyPairUtils.createKeyPair(2048)))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("key"))
                .andExpect(jsonPath("$.errors[0].message").value(
                        "The private key does not belong to the certificate (their public keys differ)."));
        upload(pem(issued(key, NOW.plus(Duration.ofDays(60)), domain)), PemKey.of(key))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("certificate"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith(
                        "The certificate does not cover www." + domain)));
        upload(pem(issued(key, NOW.minus(Duration.ofMinutes(1)), domain, "www." + domain)), PemKey.of(key))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith("The certificate expired on")));
        mvc.perform(get("/api/v1/sites/{id}/https", siteId).with(admin()))
                .andExpect(jsonPath("$.certificate.source").doesNotExist());

        upload(fitting, PemKey.of(key))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.certificate.source").value("uploaded"))
                .andExpect(jsonPath("$.certificate.issuer").value("CN=Upload Test CA"))
                .andExpect(jsonPath("$.certificate.names[1]").value("www." + domain));
    }

    @Test
    void theUploadFormShowsTheProblemOnItsField() throws Exception {
        KeyPair key = KeyPairUtils.createKeyPair(2048);
        mvc.perform(post("/sites/{id}/certificate", siteId).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("certificate", pem(issued(key, NOW.plus(Duration.ofDays(60)), domain, "www." + domain)))
                        .param("key", PemKey.of(KeyPairUtils.createKeyPair(2048))))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString(
                        "id=\"key-error\">The private key does not belong to the certificate")));
    }

    @Test
    void anUploadIsRefusedWhileAVerifyOfTheSiteIsOpenAsItMightStoreAnAcmeCertificateOverIt() throws Exception {
        KeyPair key = KeyPairUtils.createKeyPair(2048);
        String fitting = pem(issued(key, NOW.plus(Duration.ofDays(60)), domain, "www." + domain));
        long verify = id("INSERT INTO tasks (type, target_type, target_id, site_id, status, started_at, lease_owner, "
                + "lease_expires_at) VALUES ('verify', 'SITE', " + siteId + ", " + siteId + ", 'PROCESSING', now(), "
                + "'elsewhere', now() + interval '1 hour') RETURNING id");
        try {
            upload(fitting, PemKey.of(key))
                    .andExpect(status().isConflict())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.detail").value("A verify of " + domain + " is running (task " + verify
                            + "); it may store a certificate from the ACME CA over an uploaded one. Upload the "
                            + "certificate again when that task has ended."))
                    .andExpect(jsonPath("$.task.id").value(verify));
            mvc.perform(post("/sites/{id}/certificate", siteId).with(user("admin").roles("ADMIN")).with(csrf())
                            .param("certificate", fitting).param("key", PemKey.of(key)))
                    .andExpect(status().isOk())
                    .andExpect(content().string(Matchers.containsString("A verify of " + domain + " is running (task "
                            + verify + ")")));
            mvc.perform(get("/api/v1/sites/{id}/https", siteId).with(admin()))
                    .andExpect(jsonPath("$.certificate.source").doesNotExist());
        } finally {
            jdbc.sql("DELETE FROM tasks WHERE id = :id").param("id", verify).update();
        }

        upload(fitting, PemKey.of(key)).andExpect(status().isOk())
                .andExpect(jsonPath("$.certificate.source").value("uploaded"));
    }

    private org.springframework.test.web.servlet.ResultActions upload(String certificate, String key) throws Exception {
        return mvc.perform(put("/api/v1/sites/{id}/certificate", siteId).with(admin())
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"certificate\":" + json(certificate) + ",\"key\":" + json(key) + "}"));
    }

    /** PEM as a JSON string: only backslashes, quotes and line breaks need escaping. */
    private static String json(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "").replace("\n", "\\n")
                + "\"";
    }

    private static X509Certificate issued(KeyPair key, Instant notAfter, String... names) throws Exception {
        CSRBuilder csr = new CSRBuilder();
        csr.addDomains(names);
        csr.sign(key);
        return CertificateUtils.createTestCertificate(csr.getCSR(), NOW.minus(Duration.ofDays(1)), notAfter, CA,
                CA_KEY.getPrivate());
    }

    private static String pem(X509Certificate certificate) throws Exception {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n";
    }

    private static final class PemKey {
        static String of(KeyPair key) throws Exception {
            StringWriter out = new StringWriter();
            KeyPairUtils.writeKeyPair(key, out);
            return out.toString();
        }
    }

    private static RequestPostProcessor admin() {
        return httpBasic("admin", BosunTest.ADMIN_PASSWORD);
    }

    private long id(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
