package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

@BosunTest
class SiteFormTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClientService clients;

    long client;
    long standardPlatform;
    long lockedPlatform;
    long minimalOnlyPlatform;
    long db;
    String suffix;

    @BeforeEach
    void fleet() {
        suffix = Long.toString(System.nanoTime());
        client = clients.create(new ClientForm("Form Client " + suffix, "owner@example.com")).id();
        long server = id("INSERT INTO servers (name, hostname) VALUES ('web" + suffix + "', 'localhost') RETURNING id");
        db = id("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        standardPlatform = platform("Standard " + suffix, server, "ENABLED", "standard", "fr");
        lockedPlatform = platform("Locked " + suffix, server, "LOCKED", "standard", null);
        minimalOnlyPlatform = platform("Minimal " + suffix, server, "ENABLED", "minimal", null);
    }

    @Test
    void aValidFormRecordsAQueuedSiteWithItsAliases() throws Exception {
        String domain = "new" + suffix + ".example.com";
        mvc.perform(form(domain, standardPlatform, "fr").param("aliases", "www." + domain + "\nalias" + suffix + ".example.org")
                        .param("redirectAliases", "true"))
                .andExpect(status().is3xxRedirection());
        var site = jdbc.sql("SELECT status, language, profile FROM sites WHERE domain = :d").param("d", domain)
                .query((rs, n) -> rs.getString(1) + "/" + rs.getString(2) + "/" + rs.getString(3)).single();
        assertThat(site).isEqualTo("QUEUED/fr/standard");
        assertThat(jdbc.sql("SELECT alias FROM site_aliases a JOIN sites s ON s.id = a.site_id WHERE s.domain = :d AND a.redirect ORDER BY alias")
                .param("d", domain).query(String.class).list())
                .containsExactly("alias" + suffix + ".example.org", "www." + domain);
    }

    @Test
    void invalidAndTakenDomainsAreRefusedOnTheField() throws Exception {
        mvc.perform(form("not a domain;rm -rf /", standardPlatform, "en"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Not a valid domain")));
        String domain = "taken" + suffix + ".example.com";
        mvc.perform(form(domain, standardPlatform, "en")).andExpect(status().is3xxRedirection());
        mvc.perform(form(domain.toUpperCase(), standardPlatform, "en"))
                .andExpect(content().string(containsString("This domain is already used by site " + domain + ".")));
        mvc.perform(form("other" + suffix + ".example.com", standardPlatform, "en").param("aliases", domain))
                .andExpect(content().string(containsString(domain + " is already used by site " + domain + ".")));
    }

    @Test
    void thePlatformMustBeEnabledAndOfferTheProfileAndLanguage() throws Exception {
        mvc.perform(form("locked" + suffix + ".example.com", lockedPlatform, "en"))
                .andExpect(content().string(containsString("Choose an enabled platform that offers the profile standard.")));
        mvc.perform(form("minimal" + suffix + ".example.com", minimalOnlyPlatform, "en"))
                .andExpect(content().string(containsString("Choose an enabled platform that offers the profile standard.")));
        mvc.perform(form("lang" + suffix + ".example.com", standardPlatform, "de"))
                .andExpect(content().string(containsString("The platform offers no de translation.")));
        assertThat(jdbc.sql("SELECT count(*) FROM sites WHERE domain LIKE :d").param("d", "%" + suffix + "%")
                .query(Long.class).single()).isZero();
    }

    @Test
    void thePlatformListFollowsTheProfile() throws Exception {
        mvc.perform(get("/sites/new/choices").param("profile", "standard")
                        .param("platformId", Long.toString(standardPlatform)).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(allOf(containsString("Standard " + suffix), not(containsString("Locked " + suffix)),
                        not(containsString("Minimal " + suffix)), containsString("value=\"fr\""))));
        mvc.perform(get("/sites/new/choices").param("profile", "minimal").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(allOf(containsString("Minimal " + suffix), not(containsString("Standard " + suffix)))));
    }

    @Test
    void hiddenProfilesAreNotOffered() throws Exception {
        jdbc.sql("INSERT INTO packages (name, type) VALUES ('testing', 'profile') ON CONFLICT DO NOTHING").update();
        jdbc.sql("""
                INSERT INTO platform_packages (platform_id, package_id, hidden)
                SELECT :p, id, TRUE FROM packages WHERE name = 'testing' AND type = 'profile'""")
                .param("p", standardPlatform).update();
        mvc.perform(get("/sites/new").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(allOf(containsString("value=\"standard\""),
                        not(containsString("value=\"testing\"")))));
    }

    @Test
    void clientsCannotAddSites() throws Exception {
        mvc.perform(get("/sites/new").with(user("someone").roles("CLIENT"))).andExpect(status().isForbidden());
    }

    private MockHttpServletRequestBuilder form(String domain, long platform, String language) {
        return post("/sites/new").with(user("admin").roles("ADMIN")).with(csrf())
                .param("domain", domain).param("clientId", Long.toString(client)).param("profile", "standard")
                .param("platformId", Long.toString(platform)).param("language", language)
                .param("dbServiceId", Long.toString(db));
    }

    private long platform(String name, long server, String status, String profile, String language) {
        long platform = id("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('" + name + "', " + server
                + ", '/srv/" + name.replace(' ', '-') + "', '" + status + "') RETURNING id");
        jdbc.sql("INSERT INTO packages (name, type) VALUES (:n, 'profile') ON CONFLICT DO NOTHING").param("n", profile).update();
        jdbc.sql("""
                INSERT INTO platform_packages (platform_id, package_id, version)
                SELECT :p, id, '1.0.0' FROM packages WHERE name = :n AND type = 'profile'""")
                .param("p", platform).param("n", profile).update();
        if (language != null) {
            jdbc.sql("INSERT INTO platform_languages (platform_id, profile, langcode) VALUES (:p, '*', :l)")
                    .param("p", platform).param("l", language).update();
        }
        return platform;
    }

    private long id(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
