package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.settings.SettingsService;
import dev.bosun.test.BackupRows;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class SitesApiTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClientService clients;

    @Autowired
    SettingsService settings;

    long client;
    long platform;
    long db;
    String suffix;

    @BeforeEach
    void fleet() {
        suffix = Long.toString(System.nanoTime(), 36);
        settings.updateClientTaskTypes(SettingsService.DEFAULT_CLIENT_TASK_TYPES);
        client = clients.create(new ClientForm("Api Client " + suffix, null)).id();
        long server = id("INSERT INTO servers (name, hostname) VALUES ('api" + suffix + "', 'localhost') RETURNING id");
        db = id("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        platform = id("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('Api " + suffix + "', " + server
                + ", '/srv/api-" + suffix + "', 'ENABLED') RETURNING id");
        jdbc.sql("INSERT INTO packages (name, type) VALUES ('standard', 'profile') ON CONFLICT DO NOTHING").update();
        jdbc.sql("INSERT INTO platform_packages (platform_id, package_id) SELECT :p, id FROM packages WHERE name = 'standard' AND type = 'profile'")
                .param("p", platform).update();
    }

    @Test
    void createsASiteWithItsInstallQueued() throws Exception {
        String domain = "api-" + suffix + ".example.com";
        mvc.perform(post("/api/v1/sites").with(admin()).contentType(MediaType.APPLICATION_JSON).content(body(domain)))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", Matchers.startsWith("/api/v1/sites/")))
                .andExpect(jsonPath("$.domain").value(domain))
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.url").value("http://" + domain + "/"))
                .andExpect(jsonPath("$.availableTasks").value(Matchers.hasItem("delete")))
                .andExpect(jsonPath("$.availableTasks").value(Matchers.not(Matchers.hasItem("install"))));
        long siteId = id("SELECT id FROM sites WHERE domain = '" + domain + "'");
        mvc.perform(get("/api/v1/tasks").param("siteId", Long.toString(siteId)).with(admin()))
                .andExpect(jsonPath("$.items[0].type").value("install"));
    }

    @Test
    void invalidInputAnswers422WithTheFields() throws Exception {
        mvc.perform(post("/api/v1/sites").with(admin()).contentType(MediaType.APPLICATION_JSON).content(body("$(id).example.com")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("domain"));
        mvc.perform(post("/api/v1/sites").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content(body("unknown-platform-" + suffix + ".example.com").replace("\"platformId\":" + platform, "\"platformId\":999999")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[?(@.field == 'platformId')]").exists());
        mvc.perform(post("/api/v1/sites").with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content(body("unknown-db-" + suffix + ".example.com").replace("\"dbServerId\":" + db, "\"dbServerId\":999999")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("dbServerId"))
                .andExpect(jsonPath("$.errors[?(@.field == 'dbServiceId')]").doesNotExist());
    }

    @Test
    void aTaskTheStateDoesNotOfferIs409AndAnUnknownTypeIs422() throws Exception {
        long site = site("state-" + suffix + ".example.com", client, "DISABLED");
        mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"backup\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail").value(Matchers.containsString("does not offer the task backup")));
        mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"format-disk\"}"))
                .andExpect(status().isUnprocessableContent());
        mvc.perform(get("/api/v1/sites/{id}", site).with(admin()))
                .andExpect(jsonPath("$.availableTasks").value(Matchers.containsInAnyOrder("enable", "delete")));
    }

    @Test
    void aClientActingOnAnotherClientsSiteGets404() throws Exception {
        long other = clients.create(new ClientForm("Other " + suffix, null)).id();
        long theirs = site("theirs-" + suffix + ".example.com", other, "ENABLED");
        clients.addUser(client, new ClientUserForm("api-client-" + suffix, null, "client-password-1"));
        mvc.perform(get("/api/v1/sites/{id}", theirs).with(httpBasic("api-client-" + suffix, "client-password-1")))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/sites/{id}/tasks", theirs).with(httpBasic("api-client-" + suffix, "client-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"disable\"}"))
                .andExpect(status().isNotFound());
        mvc.perform(post("/api/v1/sites").with(httpBasic("api-client-" + suffix, "client-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content(body("client-" + suffix + ".example.com")))
                .andExpect(status().isForbidden());
    }

    @Test
    void aClientRunsOnlyTheTaskTypesTheAdminAllows() throws Exception {
        clients.addUser(client, new ClientUserForm("api-limited-" + suffix, null, "client-password-1"));
        java.util.List<String> denied = java.util.Arrays.stream(SiteTaskType.values()).map(SiteTaskType::key)
                .filter(type -> !SettingsService.DEFAULT_CLIENT_TASK_TYPES.contains(type) && !type.equals("install"))
                .toList();
        assertThat(denied).as("every other site task type is refused, with or without its arguments")
                .hasSize(SiteTaskType.values().length - 4);
        for (String type : denied) {
            long site = site(type + "-denied-" + suffix + ".example.com", client, "ENABLED");
            mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("api-limited-" + suffix, "client-password-1"))
                            .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"" + type + "\"}"))
                    .andExpect(status().isForbidden())
                    .andExpect(header().string("Content-Type", Matchers.startsWith("application/problem+json")))
                    .andExpect(jsonPath("$.detail").value(Matchers.containsString(type)));
        }
        for (String type : new String[] {"backup", "verify", "login-reset"}) {
            long site = site(type + "-allowed-" + suffix + ".example.com", client, "ENABLED");
            mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("api-limited-" + suffix, "client-password-1"))
                            .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"" + type + "\"}"))
                    .andExpect(status().isAccepted());
        }
        long site = site("shown-" + suffix + ".example.com", client, "ENABLED");
        mvc.perform(get("/api/v1/sites/{id}", site).with(httpBasic("api-limited-" + suffix, "client-password-1")))
                .andExpect(jsonPath("$.availableTasks").value(Matchers.not(Matchers.hasItem("disable"))));

        settings.updateClientTaskTypes(java.util.Set.of("login-reset", "backup", "verify", "disable"));

        mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("api-limited-" + suffix, "client-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"disable\"}"))
                .andExpect(status().isAccepted());
        mvc.perform(post("/api/v1/sites/{id}/tasks", site(
                                "staff-" + suffix + ".example.com", client, "ENABLED")).with(admin())
                        .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"disable\"}"))
                .andExpect(status().isAccepted());
    }

    @Test
    void theListAnswersEachSiteInTheShapeOfItsOwnCallWithoutASpentLoginLink() throws Exception {
        String domain = "shape-" + suffix + ".example.com";
        long site = site(domain, client, "ENABLED");
        jdbc.sql("UPDATE sites SET login_url = 'http://" + domain + "/user/reset/1/2/h/login', login_url_pending = FALSE"
                + " WHERE id = :id").param("id", site).update();

        String one = mvc.perform(get("/api/v1/sites/{id}", site).with(admin())).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        String list = mvc.perform(get("/api/v1/sites").param("q", domain).with(admin())).andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.items[0].loginUrl").value(Matchers.nullValue()))
                .andExpect(jsonPath("$.items[0].platform").value("Api " + suffix))
                .andExpect(jsonPath("$.items[0].dbServerId").value(db))
                .andExpect(jsonPath("$.items[0].client").value("Api Client " + suffix))
                .andExpect(jsonPath("$.items[0].platformName").doesNotExist())
                .andReturn().getResponse().getContentAsString();
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        org.assertj.core.api.Assertions.assertThat(json.readTree(list).path("items").get(0))
                .isEqualTo(json.readTree(one));
    }

    @Test
    void theSitesPackagesAndBackupsAreListed(@Autowired dev.bosun.platform.PackageRegistry registry)
            throws Exception {
        long site = site("parts-" + suffix + ".example.com", client, "ENABLED");
        registry.recordSitePackages(site, java.util.List.of(new dev.bosun.platform.SitePackage("pathauto",
                dev.bosun.drupal.PackageType.MODULE, "8.x-1.12", 8108, true)));
        jdbc.sql("""
                        INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind, created_at)
                        VALUES (:site, '/nonexistent/b.tar.gz', 1234, :sha, 'before the upgrade', 'REQUESTED', now())""")
                .param("site", site).param("sha", "0".repeat(64)).update();
        BackupRows.newestKept(jdbc, site);

        mvc.perform(get("/api/v1/sites/{id}/packages", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.name == 'pathauto')].version").value(Matchers.contains("8.x-1.12")))
                .andExpect(jsonPath("$[?(@.name == 'pathauto')].enabled").value(Matchers.contains(true)));
        mvc.perform(get("/api/v1/sites/{id}/backups", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].description").value("before the upgrade"))
                .andExpect(jsonPath("$[0].size").value(1234))
                .andExpect(jsonPath("$[0].fileName").value("b.tar.gz"))
                .andExpect(jsonPath("$[0].available").value(false))
                .andExpect(jsonPath("$[0].path").doesNotExist());

        long other = clients.create(new ClientForm("Parts Other " + suffix, null)).id();
        clients.addUser(other, new ClientUserForm("parts-" + suffix, null, "client-password-1"));
        mvc.perform(get("/api/v1/sites/{id}/backups", site).with(httpBasic("parts-" + suffix, "client-password-1")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/sites/{id}/packages", site).with(httpBasic("parts-" + suffix, "client-password-1")))
                .andExpect(status().isNotFound());
    }

    @Test
    void aliasesAreReplacedCheckedAndWrittenByAQueuedVerify() throws Exception {
        long site = site("aliased-" + suffix + ".example.com", client, "ENABLED");
        long other = site("taken-" + suffix + ".example.com", client, "ENABLED");
        jdbc.sql("INSERT INTO site_aliases (site_id, alias) VALUES (:s, :a)").param("s", site)
                .param("a", "old-" + suffix + ".example.com").update();

        mvc.perform(put("/api/v1/sites/{id}/aliases", site).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"aliases\":[\"www.aliased-" + suffix + ".example.com\", \"old-" + suffix
                                + ".example.com\"],\"redirect\":true}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.aliases[*].alias").value(Matchers.containsInAnyOrder(
                        "www.aliased-" + suffix + ".example.com", "old-" + suffix + ".example.com")))
                .andExpect(jsonPath("$.aliases[0].redirect").value(true))
                .andExpect(jsonPath("$.verifyTask.type").value("verify"));
        mvc.perform(put("/api/v1/sites/{id}/aliases", other).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"aliases\":[\"old-" + suffix + ".example.com\", \"bad_name!\"]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[*].field").value(Matchers.everyItem(Matchers.is("aliases"))))
                .andExpect(jsonPath("$.errors.length()").value(2));

        clients.addUser(client, new ClientUserForm("alias-client-" + suffix, null, "client-password-1"));
        mvc.perform(put("/api/v1/sites/{id}/aliases", site).with(httpBasic("alias-client-" + suffix, "client-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"aliases\":[]}"))
                .andExpect(status().isForbidden());
    }

    @Test
    void aClientIsReadAndChangedByItsOwnCall() throws Exception {
        mvc.perform(get("/api/v1/clients/{id}", client).with(admin()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Api Client " + suffix));
        mvc.perform(put("/api/v1/clients/{id}", client).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"Renamed " + suffix + "\",\"email\":\"ops@example.com\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("Renamed " + suffix))
                .andExpect(jsonPath("$.email").value("ops@example.com"));
        mvc.perform(put("/api/v1/clients/{id}", client).with(admin()).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("name"));

        long other = clients.create(new ClientForm("Unseen " + suffix, null)).id();
        clients.addUser(client, new ClientUserForm("reader-" + suffix, null, "client-password-1"));
        mvc.perform(get("/api/v1/clients/{id}", client).with(httpBasic("reader-" + suffix, "client-password-1")))
                .andExpect(status().isOk());
        mvc.perform(get("/api/v1/clients/{id}", other).with(httpBasic("reader-" + suffix, "client-password-1")))
                .andExpect(status().isNotFound())
                .andExpect(header().string("Content-Type", Matchers.startsWith("application/problem+json")));
        mvc.perform(put("/api/v1/clients/{id}", client).with(httpBasic("reader-" + suffix, "client-password-1"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Mine\"}"))
                .andExpect(status().isForbidden());
    }

    private String body(String domain) {
        return "{\"domain\":\"" + domain + "\",\"clientId\":" + client + ",\"profile\":\"standard\",\"platformId\":" + platform
                + ",\"language\":\"en\",\"dbServerId\":" + db + ",\"aliases\":[]}";
    }

    private long site(String domain, long owner, String status) {
        return id("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status) VALUES ('" + domain
                + "', " + owner + ", " + platform + ", " + db + ", 'standard', '" + status + "') RETURNING id");
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor admin() {
        return httpBasic("admin", BosunTest.ADMIN_PASSWORD);
    }

    private long id(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
