package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
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

/**
 * The arguments of migrate and clone, checked before anything is queued (422 in the API, field errors in
 * the dialogs), on a fleet of rows: nothing here runs a task.
 */
@BosunTest
class MoveArgumentsTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    SettingsService settings;

    String suffix;
    long client;
    long server;
    long mariadb;
    long postgres;
    long platform;
    long other;
    long locked;
    long withoutProfile;
    long site;
    String domain;
    Set<Feature> featuresBefore;

    @BeforeEach
    void fleet() {
        featuresBefore = settings.enabledFeatures();
        settings.setFeature(Feature.CLONE, true);
        suffix = Long.toString(System.nanoTime(), 36);
        client = clients.create(new ClientForm("Move Co " + suffix, null)).id();
        server = id("INSERT INTO servers (name, hostname) VALUES ('move" + suffix + "', 'localhost') RETURNING id");
        mariadb = id("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        long pgServer = id("INSERT INTO servers (name, hostname) VALUES ('pg" + suffix + "', 'localhost') RETURNING id");
        postgres = id("INSERT INTO services (server_id, kind, type) VALUES (" + pgServer + ", 'db', 'postgresql') RETURNING id");
        platform = platform("Current", "ENABLED", true);
        other = platform("Other", "ENABLED", true);
        locked = platform("Locked", "LOCKED", true);
        withoutProfile = platform("Bare", "ENABLED", false);
        domain = "move-" + suffix + ".example.com";
        site = site(domain, "ENABLED");
        jdbc.sql("INSERT INTO site_aliases (site_id, alias) VALUES (:s, :a)").param("s", site)
                .param("a", "www." + domain).update();
    }

    @AfterEach
    void featuresAsBefore() {
        settings.setFeatures(featuresBefore);
    }

    @Test
    void aMigrateThatChangesNothingIsRefused() throws Exception {
        migrate("{}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("args"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("Nothing would change")));
        migrate("{\"domain\":\"" + domain.toUpperCase() + "\",\"platformId\":" + platform + "}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("args"));
    }

    @Test
    void aNewDomainMustBeValidFreeAndNotTheSitesOwnAlias() throws Exception {
        String taken = "taken-" + suffix + ".example.com";
        site(taken, "DISABLED");
        migrate("{\"domain\":\"not a domain\"}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("domain"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.startsWith("Not a valid domain")));
        migrate("{\"domain\":\"" + taken + "\"}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("already used")));
        migrate("{\"domain\":\"www." + domain + "\"}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("domain"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("is an alias of this site")));
    }

    @Test
    void aPlatformThatCannotTakeTheSiteIsRefusedWithTheReason() throws Exception {
        migrate("{\"platformId\":" + locked + "}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("platformId"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("The platform is locked.")));
        migrate("{\"platformId\":" + withoutProfile + "}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("lacks the install profile standard")));
        migrate("{\"platformId\":999999999}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value("There is no platform 999999999."));
        migrate("{\"platformId\":\"first\"}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("platformId"));
    }

    @Test
    void aDatabaseIsNotMovedToAnotherEngineOrAnUnknownServer() throws Exception {
        migrate("{\"dbServerId\":" + postgres + "}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("dbServerId"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString(
                        "The site's database is MariaDB and the chosen server runs PostgreSQL")));
        long http = id("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'http', 'nginx') RETURNING id");
        migrate("{\"dbServerId\":" + http + "}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value("There is no database server " + http + "."));
    }

    @Test
    void unknownArgumentsAreRefused() throws Exception {
        migrate("{\"platformId\":" + other + ",\"keepOldCopy\":true}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("args"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("not keepOldCopy")));
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefusedNamingItsField() throws Exception {
        migrate("{\"domain\":[\"x\"]}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("domain"))
                .andExpect(jsonPath("$.errors[0].message").value("Must be a string."));
        migrate("{\"platformId\":{\"id\":1}}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("platformId"));
        task("restore", "{\"backupId\":\"abc\"}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("backupId"))
                .andExpect(jsonPath("$.errors[0].message").value("Must be a number (an id)."));
        task("backup-delete", "{\"backupIds\":[\"x\"]}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("backupIds"));
        task("backup-delete", "{\"backupIds\":7}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("backupIds"));
        task("backup", "{\"description\":{\"text\":\"x\"}}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("description"));
        task("backup", "{\"description\":\"x\",\"kind\":\"automated\"}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("args"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("not kind")));
        assertThat(jdbc.sql("SELECT count(*) FROM tasks WHERE site_id = :s").param("s", site).query(Long.class).single())
                .as("nothing queued").isZero();
    }

    @Test
    void theMigrateDialogShowsARefusalOnItsField() throws Exception {
        mvc.perform(post("/sites/{id}/dialogs/migrate", site).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", "not a domain").param("platformId", Long.toString(other))
                        .param("dbServerId", Long.toString(mariadb)))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("HX-Redirect"))
                .andExpect(content().string(Matchers.matchesPattern("(?s).*<div class=\"field has-error\">\\s*"
                        + "<label for=\"migrate-domain\">Domain</label>.*aria-invalid=\"true\".*"
                        + "<p class=\"field-error\">Not a valid domain[^<]*</p>\\s*</div>.*")))
                .andExpect(content().string(Matchers.matchesPattern("(?s).*id=\"migrate-platform-" + other
                        + "\"[^>]*checked.*")));
        mvc.perform(post("/sites/{id}/dialogs/migrate", site).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", domain).param("platformId", "first")
                        .param("dbServerId", Long.toString(mariadb)))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.matchesPattern("(?s).*<fieldset class=\"choices has-error\">"
                        + "\\s*<legend>Target platform</legend>.*<p class=\"field-error\">Choose one of the offered "
                        + "values.</p>\\s*</fieldset>.*")));
        assertThat(jdbc.sql("SELECT count(*) FROM tasks WHERE site_id = :s").param("s", site).query(Long.class).single())
                .as("nothing queued").isZero();
    }

    @Test
    void aCloneNeedsItsOwnDomainAndAliasesAndAPlatformAndDbServer() throws Exception {
        String taken = "taken-" + suffix + ".example.com";
        site(taken, "ENABLED");
        clone("{\"aliases\":[\"www." + domain + "\",\"" + taken + "\"]}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[?(@.field == 'domain')].message").value("Enter the new site's domain."))
                .andExpect(jsonPath("$.errors[?(@.field == 'aliases')].message").value(Matchers.containsInAnyOrder(
                        "www." + domain + " belongs to " + domain + ": change or remove the original's aliases first.",
                        taken + " is already used by site " + taken + ".")))
                .andExpect(jsonPath("$.errors[?(@.field == 'platformId')]").exists())
                .andExpect(jsonPath("$.errors[?(@.field == 'dbServerId')]").exists());
        clone("{\"domain\":\"" + domain + "\",\"platformId\":" + locked + ",\"dbServerId\":" + postgres + "}")
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[?(@.field == 'domain')].message").value("This domain is already used by site " + domain + "."))
                .andExpect(jsonPath("$.errors[?(@.field == 'platformId')].message").value(Matchers.contains(
                        Matchers.containsString("The platform is locked."))))
                .andExpect(jsonPath("$.errors[?(@.field == 'dbServerId')]").exists());
        assertThat(jdbc.sql("SELECT count(*) FROM tasks WHERE site_id = :s").param("s", site).query(Long.class).single())
                .as("nothing queued").isZero();
    }

    @Test
    void theMigrateDialogOffersThePlatformsWithTheirReasonsAndShowsRefusalsOnItsFields() throws Exception {
        mvc.perform(get("/sites/{id}/dialogs/migrate", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"migrate-domain\"")))
                .andExpect(content().string(Matchers.containsString("value=\"" + domain + "\"")))
                .andExpect(content().string(Matchers.matchesPattern("(?s).*id=\"migrate-platform-" + platform
                        + "\"[^>]*checked.*")))
                .andExpect(content().string(Matchers.matchesPattern("(?s).*id=\"migrate-platform-" + locked
                        + "\"[^>]*disabled.*")))
                .andExpect(content().string(Matchers.containsString("cannot be chosen: The platform is locked.")))
                .andExpect(content().string(Matchers.containsString("href=\"/platforms/compare?site=" + site + "\"")))
                .andExpect(content().string(Matchers.matchesPattern("(?s).*<option value=\"" + postgres
                        + "\" disabled=\"disabled\">[^<]*another engine</option>.*")));
        mvc.perform(post("/sites/{id}/dialogs/migrate", site).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", domain).param("platformId", Long.toString(platform))
                        .param("dbServerId", Long.toString(mariadb)))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("HX-Redirect"))
                .andExpect(content().string(Matchers.containsString("Nothing would change")));
    }

    @Test
    void whenNoPlatformCanTakeTheSiteTheDialogSaysSoAndOffersNoMigrateButton() throws Exception {
        jdbc.sql("UPDATE sites SET profile = :p WHERE id = :id").param("p", "rare_" + suffix).param("id", site).update();

        mvc.perform(get("/sites/{id}/dialogs/migrate", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("No platform can take this site now")))
                .andExpect(content().string(Matchers.containsString("lacks the install profile rare_" + suffix)))
                .andExpect(content().string(Matchers.matchesPattern(
                        "(?s).*id=\"confirm-migrate\" disabled=\"disabled\".*")));
        migrate("{\"platformId\":" + other + "}").andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("lacks the install profile")));
    }

    @Test
    void theCloneDialogFillsInTheOriginalsAliasesToBeChanged() throws Exception {
        mvc.perform(get("/sites/{id}/dialogs/clone", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("www." + domain + "</textarea>")))
                .andExpect(content().string(Matchers.containsString("id=\"clone-domain\"")));
        mvc.perform(post("/sites/{id}/dialogs/clone", site).with(user("admin").roles("ADMIN")).with(csrf())
                        .param("domain", "copy-" + suffix + ".example.com").param("platformId", Long.toString(other))
                        .param("dbServerId", Long.toString(mariadb)).param("aliases", "www." + domain))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("change or remove the original&#39;s aliases first")));
    }

    @Test
    void aSiteThatACloneIsStillMakingOffersNoTask() throws Exception {
        String cloneDomain = "in-the-making-" + suffix + ".example.com";
        long clone = site(cloneDomain, "QUEUED");
        mvc.perform(get("/api/v1/sites/{id}", clone).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(jsonPath("$.availableTasks").value(Matchers.containsInAnyOrder("install", "delete")));
        long task = id("""
                INSERT INTO tasks (type, target_type, target_id, site_id, args, status, lease_owner, lease_expires_at,
                                   started_at)
                VALUES ('clone', 'SITE', %d, %d, '{"domain":"%s"}', 'PROCESSING', 'elsewhere', now() + interval '1 hour',
                        now()) RETURNING id""".formatted(site, site, cloneDomain));
        try {
            mvc.perform(get("/api/v1/sites/{id}", clone).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                    .andExpect(jsonPath("$.availableTasks").isEmpty());
            mvc.perform(post("/api/v1/sites/{id}/tasks", clone).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                            .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"delete\"}"))
                    .andExpect(status().isConflict());
        } finally {
            jdbc.sql("UPDATE tasks SET status = 'CANCELLED', finished_at = now() WHERE id = :id").param("id", task).update();
        }
    }

    private ResultActions migrate(String args) throws Exception {
        return task("migrate", args);
    }

    private ResultActions clone(String args) throws Exception {
        return task("clone", args);
    }

    private ResultActions task(String type, String args) throws Exception {
        return mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("{\"type\":\"" + type + "\",\"args\":" + args + "}"));
    }

    private long platform(String name, String status, boolean withProfile) {
        long id = id("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('" + name + " " + suffix + "', "
                + server + ", '/srv/" + name.toLowerCase() + "-" + suffix + "', '" + status + "') RETURNING id");
        if (withProfile) {
            jdbc.sql("INSERT INTO packages (name, type) VALUES ('standard', 'profile') ON CONFLICT DO NOTHING").update();
            jdbc.sql("""
                    INSERT INTO platform_packages (platform_id, package_id)
                    SELECT :p, id FROM packages WHERE name = 'standard' AND type = 'profile'""")
                    .param("p", id).update();
        }
        return id;
    }

    private long site(String siteDomain, String status) {
        return id("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status) VALUES ('" + siteDomain
                + "', " + client + ", " + platform + ", " + mariadb + ", 'standard', '" + status + "') RETURNING id");
    }

    private long id(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
