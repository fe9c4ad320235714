package dev.bosun.platform;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.account.Role;
import dev.bosun.task.TaskQueries;
import dev.bosun.test.BosunTest;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

@BosunTest
@TestPropertySource(properties = ExampleFleet.OWN_CONTEXT)
@RequiresProgram("php")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformsApiTests {

    static final RequestPostProcessor ADMIN = httpBasic("admin", BosunTest.ADMIN_PASSWORD);

    @Autowired
    AccountService accounts;

    @Autowired
    MockMvc mvc;

    @Autowired
    PlatformService platforms;

    @Autowired
    PackageRegistry registry;

    @Autowired
    ClientService clients;

    @Autowired
    TaskQueries taskQueries;

    @Autowired
    JdbcClient jdbc;

    ExampleFleet examples;

    @BeforeAll
    void setUp() throws Exception {
        examples = ExampleFleet.shared(platforms, registry, taskQueries, new Fleet(jdbc));
    }

    @Test
    void registeringAnswers201WithThePlatformAndItsQueuedVerify() throws Exception {
        String name = "Api " + UUID.randomUUID().toString().substring(0, 8);
        mvc.perform(post("/api/v1/platforms").with(ADMIN).contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "%s", "serverId": %d, "rootPath": "/srv/platforms/%s"}""".formatted(name,
                        new Fleet(jdbc).master(), UUID.randomUUID())))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", startsWith("/api/v1/platforms/")))
                .andExpect(jsonPath("$.platform.name").value(name))
                .andExpect(jsonPath("$.platform.status").value("QUEUED"))
                .andExpect(jsonPath("$.platform.docroot").value("web"))
                .andExpect(jsonPath("$.platform.drushPath").value("vendor/bin/drush"))
                .andExpect(jsonPath("$.verifyTaskId").isNumber());
    }

    @Test
    void invalidRegistrationsAnswer422NamingTheField() throws Exception {
        mvc.perform(post("/api/v1/platforms").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\": \"\", \"serverId\": 1, \"rootPath\": \"relative\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("name")))
                .andExpect(jsonPath("$.errors[*].field", hasItem("rootPath")));
        mvc.perform(post("/api/v1/platforms").with(ADMIN).contentType(MediaType.APPLICATION_JSON).content("""
                        {"name": "%s", "serverId": %d, "rootPath": "/srv/x"}""".formatted(examples.base.name(),
                        new Fleet(jdbc).master())))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("name"))
                .andExpect(jsonPath("$.errors[0].message").value(containsString("exists already")));
    }

    @Test
    void operatorsKeepTheDrushPathInsideThePlatformRootAdministratorsNeedNot() throws Exception {
        accounts.createUser("platform-operator", "operator-password", Role.OPERATOR, null);
        var operator = httpBasic("platform-operator", "operator-password");
        String root = "/srv/platforms/" + UUID.randomUUID();
        String body = """
                {"name": "%s", "serverId": %d, "rootPath": "%s", "drushPath": "%s"}""";
        long master = new Fleet(jdbc).master();
        for (String outside : new String[] {"/usr/bin/python3", root + "-evil/drush", "/srv/platforms"}) {
            mvc.perform(post("/api/v1/platforms").with(operator).contentType(MediaType.APPLICATION_JSON)
                            .content(body.formatted("Op " + UUID.randomUUID(), master, root, outside)))
                    .andExpect(status().isUnprocessableContent())
                    .andExpect(jsonPath("$.errors[0].field").value("drushPath"))
                    .andExpect(jsonPath("$.errors[0].message").value(containsString("inside the platform's root")));
        }
        mvc.perform(post("/api/v1/platforms").with(operator).contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("Op " + UUID.randomUUID(), master, root, root + "/vendor/bin/drush")))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/platforms").with(operator).contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("Op " + UUID.randomUUID(), master, root + "-rel", "bin/drush")))
                .andExpect(status().isCreated());
        mvc.perform(post("/api/v1/platforms").with(ADMIN).contentType(MediaType.APPLICATION_JSON)
                        .content(body.formatted("Admin " + UUID.randomUUID(), master, root + "-admin",
                                "/usr/local/bin/drush")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.platform.drushPath").value("/usr/local/bin/drush"));
    }

    @Test
    void aPlatformComesWithItsPackagesLanguagesAndSites() throws Exception {
        mvc.perform(get("/api/v1/platforms/" + examples.base.id()).with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.platform.status").value("ENABLED"))
                .andExpect(jsonPath("$.platform.coreVersion").value(examples.base.coreVersion()))
                .andExpect(jsonPath("$.platform.availableTasks", org.hamcrest.Matchers.contains("verify", "lock")))
                .andExpect(jsonPath("$.packages[?(@.name == 'admin_toolbar')].schema", hasItem(8002)))
                .andExpect(jsonPath("$.languages[?(@.profile == 'example')].langcode", hasItem("nl")))
                .andExpect(jsonPath("$.sites[0].domain").value(examples.site.domain));
        mvc.perform(get("/api/v1/platforms").with(ADMIN))
                .andExpect(jsonPath("$[*].name", hasItem(examples.newer.name())));
    }

    @Test
    void anUnknownPlatformIs404() throws Exception {
        mvc.perform(get("/api/v1/platforms/999999").with(ADMIN))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"));
    }

    @Test
    void deletingAPlatformWithSitesIs409WithTheReasonAndAnUnknownTaskIs422() throws Exception {
        mvc.perform(post("/api/v1/platforms/" + examples.base.id() + "/tasks").with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"type\": \"delete\"}"))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith("application/problem+json"))
                .andExpect(jsonPath("$.detail").value(containsString("still has 1 site")));
        mvc.perform(post("/api/v1/platforms/" + examples.lean.id() + "/tasks").with(ADMIN)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"type\": \"migrate\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.detail").value("Bosun has no 'migrate' task for a platform."));
    }

    @Test
    void theComparisonAnswersOneRowPerEnabledPackage() throws Exception {
        mvc.perform(get("/api/v1/platforms/%d/compare/%d?site=%d".formatted(examples.base.id(),
                        examples.olderSchema.id(), examples.siteId)).with(ADMIN))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.package == 'admin_toolbar')].result", hasItem("error")))
                .andExpect(jsonPath("$[?(@.package == 'admin_toolbar')].current.schema", hasItem(8002)))
                .andExpect(jsonPath("$[?(@.package == 'admin_toolbar')].target.schema", hasItem(8001)))
                .andExpect(jsonPath("$[?(@.package == 'admin_toolbar')].type", hasItem("module")))
                .andExpect(jsonPath("$[?(@.package == 'node')].result", hasItem("same")));
        mvc.perform(get("/api/v1/platforms/%d/compare/%d?site=%d".formatted(examples.base.id(),
                        examples.lean.id(), examples.siteId)).with(ADMIN))
                .andExpect(jsonPath("$[?(@.package == 'pathauto')].result", hasItem("warning")))
                .andExpect(jsonPath("$[?(@.package == 'pathauto')].target", hasItem(nullValue())));
    }

    @Test
    void aClientUserComparesItsOwnSitesOnlyAndSeesNoPlatformList() throws Exception {
        long clientId = jdbc.sql("SELECT client_id FROM sites WHERE id = :id").param("id", examples.siteId)
                .query(Long.class).single();
        String username = "client-" + UUID.randomUUID().toString().substring(0, 8);
        clients.addUser(clientId, new ClientUserForm(username, null, "client-password-1"));
        String compare = "/api/v1/platforms/%d/compare/%d?site=%d".formatted(examples.base.id(), examples.base.id(),
                examples.siteId);
        String elsewhere = "/api/v1/platforms/%d/compare/%d?site=%d".formatted(examples.base.id(),
                examples.newer.id(), examples.siteId);

        mvc.perform(get(compare).with(httpBasic(username, "client-password-1"))).andExpect(status().isOk());
        // a platform none of its sites is on is not there for a client user
        mvc.perform(get(elsewhere).with(httpBasic(username, "client-password-1"))).andExpect(status().isNotFound());
        mvc.perform(get(elsewhere).with(ADMIN)).andExpect(status().isOk());
        mvc.perform(get(compare).with(user("stranger").roles("CLIENT"))).andExpect(status().isNotFound());
        mvc.perform(get("/api/v1/platforms").with(httpBasic(username, "client-password-1")))
                .andExpect(status().isForbidden());
    }

    @Test
    void comparingASiteAgainstAPlatformItIsNotOnIs422() throws Exception {
        mvc.perform(get("/api/v1/platforms/%d/compare/%d?site=%d".formatted(examples.lean.id(), examples.newer.id(),
                        examples.siteId)).with(ADMIN))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("site"));
    }
}
