package dev.bosun.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.secret.SecretBox;
import dev.bosun.server.internal.PanelKey;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Servers are registered at loopback addresses only, should a dispatcher ever verify them while the tests run. */
@BosunTest
@TestPropertySource(properties = {ServerFixtures.OWN_CONTEXT, ServerFixtures.NO_DISPATCH, ServerFixtures.SMALL_POOL})
class ServersWebTests {

    private static final String ADMIN_PASSWORD = BosunTest.ADMIN_PASSWORD;

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PanelKey panelKey;
    @Autowired
    SecretBox secrets;

    @BeforeEach
    @AfterEach
    void noMaster() {
        ServerFixtures.deleteMaster(jdbc);
    }

    @Test
    void theServersPageShowsThePanelsPublicKeyToCopy() throws Exception {
        mvc.perform(get("/servers").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("The panel's SSH key"),
                        containsString(panelKey.authorizedKeysLine().substring(0, 60)),
                        containsString(panelKey.fingerprint()), containsString("authorized_keys"))));
        assertThat(panelKey.authorizedKeysLine()).startsWith("ssh-ed25519 ");
    }

    @Test
    void onlyAdministratorsReachServers() throws Exception {
        mvc.perform(get("/servers").with(user("op").roles("OPERATOR"))).andExpect(status().isForbidden());
        mvc.perform(get("/servers/new").with(user("jane").roles("CLIENT"))).andExpect(status().isForbidden());
        mvc.perform(get("/api/v1/servers").with(user("op").roles("OPERATOR"))).andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    }

    @Test
    void registeringThroughTheFormQueuesAVerify() throws Exception {
        mvc.perform(post("/servers/new").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("name", "web-form").param("hostname", "127.0.0.2").param("port", "2222")
                        .param("sshUser", "aegir").param("httpType", "APACHE").param("vhostDir", "/var/bosun/apache.d")
                        .param("httpPort", "80").param("phpFastcgi", "unix:/run/php/php8.2-fpm.sock")
                        .param("dbType", "").param("dbHost", "127.0.0.1"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/servers/*"));

        long id = jdbc.sql("SELECT id FROM servers WHERE name = 'web-form'").query(Long.class).single();
        assertThat(jdbc.sql("SELECT status FROM tasks WHERE target_type = 'SERVER' AND target_id = :id AND type = 'verify'")
                .param("id", id).query(String.class).single()).isEqualTo("QUEUED");
        assertThat(jdbc.sql("SELECT config_test_cmd FROM services WHERE server_id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("apache2ctl configtest");
        mvc.perform(get("/servers/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("aegir@127.0.0.2:2222"),
                        containsString("/var/bosun/apache.d"), containsString("not pinned yet"), containsString(">verify<"))));
    }

    @Test
    void theFormSetsTheHttpsPortAndTlsFolderRefusesBadOnesAndBlankMeansTheDefaults() throws Exception {
        mvc.perform(webForm(post("/servers/new"), "8443", "/srv/bosun/tls"))
                .andExpect(status().is3xxRedirection());
        long id = jdbc.sql("SELECT id FROM servers WHERE name = 'web-tls'").query(Long.class).single();
        assertThat(https(id)).isEqualTo("8443 /srv/bosun/tls");
        mvc.perform(get("/servers/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("port 8443, certificates in /srv/bosun/tls")));
        mvc.perform(get("/servers/" + id + "/edit").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(allOf(containsString("value=\"8443\""),
                        containsString("value=\"/srv/bosun/tls\""))));

        mvc.perform(webForm(post("/servers/" + id + "/edit"), "8080", "relative/tls"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("The HTTPS port must differ from the port the vhosts "
                        + "listen on (8080)"), containsString("use an absolute path"))));
        mvc.perform(webForm(post("/servers/" + id + "/edit"), "x443", ""))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("A port is a number from 1 to 65535.")));
        assertThat(https(id)).as("a refused form changes nothing").isEqualTo("8443 /srv/bosun/tls");

        mvc.perform(webForm(post("/servers/" + id + "/edit"), "", ""))
                .andExpect(status().is3xxRedirection());
        assertThat(https(id)).isEqualTo("443 null");
        mvc.perform(get("/servers/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(content().string(containsString("port 443, certificates in /var/bosun/config/nginx/bosun-tls")));

        // A service row made by hand, without a vhost folder: the page says so instead of failing.
        jdbc.sql("UPDATE services SET vhost_dir = NULL WHERE server_id = :id AND kind = 'http'").param("id", id).update();
        mvc.perform(get("/servers/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("port 443, no folder for certificates"),
                        containsString("<dt>Vhosts in</dt><dd class=\"mono\">not set</dd>"))));

        // A server row made by hand, without an SSH user: no "null@".
        jdbc.sql("UPDATE servers SET ssh_user = NULL WHERE id = :id").param("id", id).update();
        mvc.perform(get("/servers/" + id).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("no SSH user set (edit the server)"),
                        not(containsString("null@")))));
    }

    private static MockHttpServletRequestBuilder webForm(MockHttpServletRequestBuilder request, String httpsPort,
                                                         String tlsDir) {
        return request.with(user("admin").roles("ADMIN")).with(csrf())
                .param("name", "web-tls").param("hostname", "127.0.0.2").param("port", "22")
                .param("sshUser", "aegir").param("httpType", "NGINX").param("httpPort", "8080")
                .param("phpFastcgi", "127.0.0.1:9000").param("httpsPort", httpsPort).param("tlsDir", tlsDir)
                .param("dbType", "").param("dbHost", "127.0.0.1");
    }

    private String https(long serverId) {
        return jdbc.sql("SELECT https_port || ' ' || coalesce(tls_dir, 'null') FROM services WHERE server_id = :id "
                + "AND kind = 'http'").param("id", serverId).query(String.class).single();
    }

    @Test
    void theEmptyFormRenders() throws Exception {
        mvc.perform(get("/servers/new").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andExpect(content().string(containsString("Register and verify")));
    }

    @Test
    void theFormShowsEachBadFieldAndRegistersNothing() throws Exception {
        mvc.perform(post("/servers/new").with(user("admin").roles("ADMIN")).with(csrf())
                        .param("name", "a;rm -rf /").param("hostname", "$(id)").param("port", "70000")
                        .param("sshUser", "root`id`").param("httpType", "NGINX")
                        .param("configTestCommand", "nginx -t; reboot").param("vhostDir", "../etc/nginx")
                        .param("dbType", "MARIADB").param("dbHost", "db\nevil").param("dbAdminUser", "root'--"))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(
                        containsString("is not a valid name"), containsString("is not a valid hostname"),
                        containsString("A port is a number from 1 to 65535."), containsString("is not a valid sshUser"),
                        containsString("is not a plain command"), containsString("use an absolute path"),
                        containsString("is not a valid database host"),
                        containsString("Enter the database administrator&#39;s user name"))));

        assertThat(jdbc.sql("SELECT count(*) FROM servers WHERE name LIKE 'a;%'").query(Long.class).single()).isZero();
    }

    @Test
    void theApiRegistersShowsAndEditsAServerWithoutRevealingThePassword() throws Exception {
        String body = """
                {"name": "db-api", "hostname": "127.0.0.3", "sshUser": "bosun",
                 "db": {"type": "POSTGRESQL", "host": "127.0.0.3", "adminUser": "postgres", "adminPassword": "pa'ss\\"word"}}""";
        String location = mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(body))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.name").value("db-api"))
                .andExpect(jsonPath("$.port").value(22))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.db.port").value(5432))
                .andExpect(content().string(not(containsString("pa'ss"))))
                .andReturn().getResponse().getHeader("Location");

        long id = Long.parseLong(location.substring(location.lastIndexOf('/') + 1));
        String stored = jdbc.sql("SELECT admin_password_enc FROM services WHERE server_id = :id").param("id", id)
                .query(String.class).single();
        assertThat(stored).doesNotContain("pa'ss");
        assertThat(secrets.decrypt(stored)).isEqualTo("pa'ss\"word");

        mvc.perform(put("/api/v1/servers/" + id).with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(body.replace("pa'ss\\\"word", "").replace("5432", "")
                                .replace("\"host\": \"127.0.0.3\"", "\"host\": \"127.0.0.4\"")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.db.host").value("127.0.0.4"));
        assertThat(secrets.decrypt(jdbc.sql("SELECT admin_password_enc FROM services WHERE server_id = :id")
                .param("id", id).query(String.class).single())).isEqualTo("pa'ss\"word");

        mvc.perform(get("/api/v1/servers/" + id).with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(status().isOk()).andExpect(jsonPath("$.db.adminUser").value("postgres"));
        mvc.perform(post("/api/v1/servers/" + id + "/verify").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(status().isAccepted()).andExpect(jsonPath("$.taskId").isNumber());
    }

    @Test
    void theApiAnswers422WithTheBadFields() throws Exception {
        mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("""
                                {"name": "web-bad", "hostname": "a;rm -rf /", "sshUser": "root",
                                 "http": {"type": "NGINX", "reloadCommand": "nginx -s reload && reboot"}}"""))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[?(@.field == 'hostname')].message").value(
                        "“a;rm -rf /” is not a valid hostname: each part between dots is 1-63 letters a-z, digits or inner hyphens."))
                .andExpect(jsonPath("$.errors[?(@.field == 'http.reloadCommand')]").exists());
    }

    @Test
    void thereIsOnlyOneMasterAndUnknownServersAre404() throws Exception {
        String master = """
                {"name": "%s", "master": true, "http": {"type": "NGINX", "configTestCommand": "true", "reloadCommand": "true"}}""";
        mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(master.formatted("master")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.hostname").value("localhost"))
                .andExpect(jsonPath("$.http.vhostDir").value(org.hamcrest.Matchers.endsWith("/config/master/nginx/vhost.d")));
        mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(master.formatted("master2")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("master"));
        mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(master.formatted("MASTER").replace("true", "false")
                                .replace("}}", "}, \"hostname\": \"127.0.0.6\", \"sshUser\": \"x\"}")))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/api/v1/servers/999999").with(httpBasic("admin", ADMIN_PASSWORD)))
                .andExpect(status().isNotFound());
    }

    @Test
    void aServiceInUseCannotBeRemoved() throws Exception {
        String body = """
                {"name": "web-used", "hostname": "127.0.0.5", "sshUser": "bosun", "http": {"type": "NGINX"}}""";
        mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
        long id = jdbc.sql("SELECT id FROM servers WHERE name = 'web-used'").query(Long.class).single();
        jdbc.sql("INSERT INTO platforms (name, server_id, root_path) VALUES ('d10-used', :id, '/var/www/d10')")
                .param("id", id).update();

        mvc.perform(put("/api/v1/servers/" + id).with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(body.replace(", \"http\": {\"type\": \"NGINX\"}", "")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("http.type"))
                .andExpect(jsonPath("$.errors[0].message").value("Platforms still live on this server's web service."));
        assertThat(jdbc.sql("SELECT count(*) FROM services WHERE server_id = :id").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void aDbServiceHoldingSiteDatabasesCannotBeRemoved() throws Exception {
        String body = """
                {"name": "db-used", "hostname": "127.0.0.7", "sshUser": "bosun", "http": {"type": "NGINX"},
                 "db": {"type": "MARIADB", "host": "127.0.0.7", "adminUser": "root", "adminPassword": "x"}}""";
        mvc.perform(post("/api/v1/servers").with(httpBasic("admin", ADMIN_PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body)).andExpect(status().isCreated());
        long id = jdbc.sql("SELECT id FROM servers WHERE name = 'db-used'").query(Long.class).single();
        long db = jdbc.sql("SELECT id FROM services WHERE server_id = :id AND kind = 'db'").param("id", id)
                .query(Long.class).single();
        long platform = jdbc.sql("""
                        INSERT INTO platforms (name, server_id, root_path) VALUES ('d10-db-used', :id, '/var/www/d10')
                        RETURNING id""").param("id", id).query(Long.class).single();
        long client = jdbc.sql("INSERT INTO clients (name) VALUES ('db-used client') RETURNING id")
                .query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status)
                        VALUES ('db-used.example.com', :client, :platform, :db, 'standard', 'ENABLED')""")
                .param("client", client).param("platform", platform).param("db", db).update();
        String withoutDb = body.substring(0, body.indexOf(",\n")) + "}";

        mvc.perform(put("/api/v1/servers/" + id).with(httpBasic("admin", ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON).content(withoutDb))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("db.type"))
                .andExpect(jsonPath("$.errors[0].message").value("The database service still holds site databases."));
        assertThat(jdbc.sql("SELECT count(*) FROM services WHERE server_id = :id AND kind = 'db'").param("id", id)
                .query(Long.class).single()).isEqualTo(1);
    }
}
