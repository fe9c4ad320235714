package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.Role;
import dev.bosun.settings.Feature;
import dev.bosun.settings.SettingsService;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * What a client user may choose and learn in migrate and clone: only the platforms and database servers its own
 * sites use, and of a taken domain only that it is not available. Client A probes client B's fleet.
 */
@BosunTest
class ClientChoicesTests {

    static final String PASSWORD = "client-a-password";

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    AccountService accounts;
    @Autowired
    SettingsService settings;

    String suffix;
    long platformA;
    long platformB;
    long dbA;
    long dbB;
    long siteA;
    String domainA;
    String domainB;
    String aliasB;
    String userA;
    RequestPostProcessor clientA;
    Set<Feature> featuresBefore;
    Set<String> clientTasksBefore;

    @BeforeEach
    void twoClientsFleets() {
        featuresBefore = settings.enabledFeatures();
        clientTasksBefore = settings.clientTaskTypes();
        settings.setFeature(Feature.CLONE, true);
        settings.updateClientTaskTypes(Set.of("migrate", "clone", "verify"));
        suffix = Long.toString(System.nanoTime(), 36);
        long a = clients.create(new ClientForm("A Co " + suffix, null)).id();
        long b = clients.create(new ClientForm("B Co " + suffix, null)).id();
        long serverA = id("INSERT INTO servers (name, hostname) VALUES ('a" + suffix + "', 'localhost') RETURNING id");
        long serverB = id("INSERT INTO servers (name, hostname) VALUES ('secret-b" + suffix + "', 'localhost') RETURNING id");
        dbA = id("INSERT INTO services (server_id, kind, type) VALUES (" + serverA + ", 'db', 'mariadb') RETURNING id");
        dbB = id("INSERT INTO services (server_id, kind, type) VALUES (" + serverB + ", 'db', 'mariadb') RETURNING id");
        platformA = platform("Plain " + suffix, serverA);
        platformB = platform("Secret B " + suffix, serverB);
        domainA = "a-" + suffix + ".example.com";
        domainB = "b-" + suffix + ".example.com";
        aliasB = "www." + domainB;
        siteA = site(domainA, a, platformA, dbA);
        long siteB = site(domainB, b, platformB, dbB);
        jdbc.sql("INSERT INTO site_aliases (site_id, alias) VALUES (:s, :a)").param("s", siteB).param("a", aliasB).update();
        userA = "client-a-" + suffix;
        accounts.createUser(userA, PASSWORD, Role.CLIENT, null);
        jdbc.sql("INSERT INTO client_users (client_id, user_id) SELECT :c, id FROM users WHERE username = :u")
                .param("c", a).param("u", userA).update();
        clientA = httpBasic(userA, PASSWORD);
    }

    @AfterEach
    void settingsAsBefore() {
        settings.setFeatures(featuresBefore);
        settings.updateClientTaskTypes(clientTasksBefore);
    }

    @Test
    void theOptionListOfAClientHasOnlyThePlatformsAndDbServersOfItsOwnSites() throws Exception {
        mvc.perform(get("/api/v1/sites/{id}/move-options", siteA).with(clientA))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.platforms[*].platformId").value(Matchers.contains((int) platformA)))
                .andExpect(jsonPath("$.dbServers[*].id").value(Matchers.contains((int) dbA)));
        mvc.perform(get("/api/v1/sites/{id}/move-options", siteA).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(jsonPath("$.platforms[*].platformId").value(Matchers.hasItems((int) platformA, (int) platformB)))
                .andExpect(jsonPath("$.dbServers[*].id").value(Matchers.hasItems((int) dbA, (int) dbB)));
    }

    @Test
    void theDialogsOfAClientDoNotNameAnotherClientsPlatformOrServer() throws Exception {
        for (String type : new String[] {"migrate", "clone"}) {
            String dialog = mvc.perform(get("/sites/{id}/dialogs/{type}", siteA, type).with(user(userA).roles("CLIENT")))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(dialog).contains("Plain " + suffix).doesNotContain("Secret B").doesNotContain("secret-b");
        }
        String staff = mvc.perform(get("/sites/{id}/dialogs/clone", siteA).with(user("admin").roles("ADMIN")))
                .andReturn().getResponse().getContentAsString();
        assertThat(staff).contains("Secret B " + suffix).contains("secret-b" + suffix);
    }

    @Test
    void anotherClientsPlatformOrDbServerIsToAClientAsIfItDidNotExist() throws Exception {
        String args = "{\"domain\":\"new-" + suffix + ".example.com\",\"platformId\":" + platformB + ",\"dbServerId\":"
                + dbB + "}";
        clone(clientA, args).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[?(@.field == 'platformId')].message").value(
                        Matchers.contains("There is no platform " + platformB + ".")))
                .andExpect(jsonPath("$.errors[?(@.field == 'dbServerId')].message").value(
                        Matchers.contains("There is no database server " + dbB + ".")));
        migrate(clientA, "{\"platformId\":" + platformB + "}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value("There is no platform " + platformB + "."));
        mvc.perform(get("/api/v1/platforms/{p}/compare/{t}", platformA, platformB).param("site", Long.toString(siteA))
                .with(clientA)).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/platforms/{p}/compare/{t}", platformA, platformA).param("site", Long.toString(siteA))
                .with(clientA)).andExpect(status().isOk());
        assertThat(jdbc.sql("SELECT count(*) FROM tasks WHERE site_id = :s").param("s", siteA).query(Long.class).single())
                .as("nothing queued").isZero();
    }

    @Test
    void aTakenDomainIsMerelyNotAvailableToAClientButNamedToStaff() throws Exception {
        String onPlatformA = ",\"platformId\":" + platformA + ",\"dbServerId\":" + dbA + "}";
        for (String taken : new String[] {domainB, aliasB, domainA}) {
            clone(clientA, "{\"domain\":\"" + taken.toUpperCase() + "\"" + onPlatformA)
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[?(@.field == 'domain')].message")
                            .value(Matchers.contains("This domain is not available.")))
                    .andExpect(result -> assertThat(result.getResponse().getContentAsString())
                            .doesNotContain(domainB).doesNotContain("B Co"));
            migrate(clientA, "{\"domain\":\"" + taken + "\"}").andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].message").value(taken.equals(domainA)
                            ? "Nothing would change: give the site a new domain, choose another platform or another "
                            + "database server." : "This domain is not available."));
        }
        clone(clientA, "{\"domain\":\"fresh-" + suffix + ".example.com\",\"aliases\":[\"" + aliasB + "\"]" + onPlatformA)
                .andExpect(jsonPath("$.errors[?(@.field == 'aliases')].message")
                        .value(Matchers.contains(aliasB + " is not available.")));

        RequestPostProcessor admin = httpBasic("admin", BosunTest.ADMIN_PASSWORD);
        clone(admin, "{\"domain\":\"" + domainB + "\"" + onPlatformA)
                .andExpect(jsonPath("$.errors[?(@.field == 'domain')].message")
                        .value(Matchers.contains("This domain is already used by site " + domainB + ".")));
        clone(admin, "{\"domain\":\"" + aliasB + "\",\"aliases\":[\"" + domainB + "\"]" + onPlatformA)
                .andExpect(jsonPath("$.errors[?(@.field == 'domain')].message")
                        .value(Matchers.contains("This domain is already used by site " + domainB + " as an alias.")))
                .andExpect(jsonPath("$.errors[?(@.field == 'aliases')].message")
                        .value(Matchers.hasItem(domainB + " is already used by site " + domainB + ".")));
    }

    private ResultActions migrate(RequestPostProcessor who, String args) throws Exception {
        return task(who, "migrate", args);
    }

    private ResultActions clone(RequestPostProcessor who, String args) throws Exception {
        return task(who, "clone", args);
    }

    private ResultActions task(RequestPostProcessor who, String type, String args) throws Exception {
        return mvc.perform(post("/api/v1/sites/{id}/tasks", siteA).with(who)
                .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"" + type + "\",\"args\":" + args + "}"));
    }

    private long platform(String name, long server) {
        long id = id("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('" + name + "', " + server
                + ", '/srv/" + name.toLowerCase().replace(' ', '-') + "', 'ENABLED') RETURNING id");
        jdbc.sql("INSERT INTO packages (name, type) VALUES ('standard', 'profile') ON CONFLICT DO NOTHING").update();
        jdbc.sql("""
                INSERT INTO platform_packages (platform_id, package_id)
                SELECT :p, id FROM packages WHERE name = 'standard' AND type = 'profile'""").param("p", id).update();
        return id;
    }

    private long site(String domain, long client, long platform, long db) {
        return id("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status) VALUES ('" + domain
                + "', " + client + ", " + platform + ", " + db + ", 'standard', 'ENABLED') RETURNING id");
    }

    private long id(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
