package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;

import dev.bosun.account.ClientScope;
import dev.bosun.test.BosunTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
// Its own panel and database: it empties the sites table, which other test classes' records refer to.
@TestPropertySource(properties = "bosun.test.context=site-queries")
class SiteQueriesTests {

    @Autowired
    SiteQueries sites;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    long acme;
    long globex;
    long server;
    long platform;

    @BeforeEach
    void fleet() {
        jdbc.sql("DELETE FROM site_aliases").update();
        jdbc.sql("DELETE FROM sites").update();
        acme = insert("INSERT INTO clients (name) VALUES ('Acme " + System.nanoTime() + "') RETURNING id");
        globex = insert("INSERT INTO clients (name) VALUES ('Globex " + System.nanoTime() + "') RETURNING id");
        server = insert("INSERT INTO servers (name, hostname) VALUES ('s" + System.nanoTime() + "', 'localhost') RETURNING id");
        long db = insert("INSERT INTO services (server_id, kind, type) VALUES (" + server + ", 'db', 'mariadb') RETURNING id");
        platform = insert("INSERT INTO platforms (name, server_id, root_path, status) VALUES ('p" + System.nanoTime()
                + "', " + server + ", '/srv/p', 'ENABLED') RETURNING id");
        for (int i = 0; i < 60; i++) {
            site("site" + String.format("%02d", i) + ".example.com", i % 2 == 0 ? acme : globex, "ENABLED", platform, db);
        }
        site("gone.example.com", acme, "DELETED", platform, db);
        long aliased = site("shop.example.org", globex, "DISABLED", platform, db);
        jdbc.sql("INSERT INTO site_aliases (site_id, alias) VALUES (:id, 'www.boutique.example')").param("id", aliased).update();
    }

    @Test
    void listsPageByPageWithoutDeletedSitesUnlessAskedFor() {
        SitePage first = sites.page(new SiteFilter(null, null, 0, 50), ClientScope.ALL);
        assertThat(first.total()).isEqualTo(61);
        assertThat(first.items()).hasSize(50).extracting(SiteSummary::domain).doesNotContain("gone.example.com");
        assertThat(sites.page(new SiteFilter(null, null, 1, 50), ClientScope.ALL).items()).hasSize(11);
        assertThat(sites.page(new SiteFilter(null, SiteStatus.DELETED, 0, 50), ClientScope.ALL).items())
                .extracting(SiteSummary::domain).containsExactly("gone.example.com");
    }

    @Test
    void sitesCarryTheNamesOfTheirPlatformDbServerAndClient() {
        String platformName = jdbc.sql("SELECT name FROM platforms WHERE id = :id").param("id", platform)
                .query(String.class).single();
        String serverName = jdbc.sql("SELECT name FROM servers WHERE id = :id").param("id", server)
                .query(String.class).single();
        String globexName = jdbc.sql("SELECT name FROM clients WHERE id = :id").param("id", globex)
                .query(String.class).single();

        SiteSummary shop = sites.page(new SiteFilter("shop", null, 0, 50), ClientScope.ALL).items().get(0);

        assertThat(shop.platformId()).isEqualTo(platform);
        assertThat(shop.platformName()).isEqualTo(platformName);
        assertThat(shop.webServerId()).isEqualTo(server);
        assertThat(shop.dbServerName()).isEqualTo(serverName);
        assertThat(shop.clientId()).isEqualTo(globex);
        assertThat(shop.clientName()).isEqualTo(globexName);
        assertThat(sites.get(shop.id(), ClientScope.ALL)).isEqualTo(shop);
        assertThat(sites.page(new SiteFilter(null, null, 0, 50), ClientScope.ALL).items())
                .allMatch(site -> platformName.equals(site.platformName()) && serverName.equals(site.dbServerName())
                        && site.clientName() != null);
    }

    @Test
    void aDomainIsBeingClonedWhileAnOpenCloneTaskMakesIt() {
        long task = insert("""
                INSERT INTO tasks (type, target_type, target_id, args, status, lease_owner, lease_expires_at)
                VALUES ('clone', 'SITE', -1, '{"domain":"copy.example.com","platformId":null}', 'PROCESSING',
                        'elsewhere', now() + interval '1 day') RETURNING id""");

        assertThat(sites.beingCloned("copy.example.com")).isTrue();
        assertThat(sites.beingCloned("other.example.com")).isFalse();

        jdbc.sql("UPDATE tasks SET status = 'SUCCESS', finished_at = now() WHERE id = :id").param("id", task).update();
        assertThat(sites.beingCloned("copy.example.com")).isFalse();
    }

    @Test
    void searchesDomainsAndAliases() {
        assertThat(sites.page(new SiteFilter("BOUTIQUE", null, 0, 50), ClientScope.ALL).items())
                .extracting(SiteSummary::domain).containsExactly("shop.example.org");
        assertThat(sites.page(new SiteFilter("site1", null, 0, 50), ClientScope.ALL).total()).isEqualTo(10);
        assertThat(sites.page(new SiteFilter("%", null, 0, 50), ClientScope.ALL).total())
                .as("wildcards are searched literally").isZero();
    }

    @Test
    void aClientScopeSeesOnlyItsClientsSites() {
        ClientScope acmeOnly = ClientScope.of(List.of(acme));
        assertThat(sites.page(new SiteFilter(null, null, 0, 200), acmeOnly).items())
                .allMatch(site -> site.clientId() == acme).hasSize(30);
        long globexSite = sites.page(new SiteFilter("shop", null, 0, 50), ClientScope.ALL).items().get(0).id();
        assertThat(sites.find(globexSite, acmeOnly)).isEmpty();
        assertThat(sites.find(globexSite, ClientScope.ALL)).isPresent();
        assertThat(sites.page(new SiteFilter(null, null, 0, 50), ClientScope.of(List.of())).total()).isZero();
    }

    @Test
    void apiAnswersItemsPageAndTotal() throws Exception {
        mvc.perform(get("/api/v1/sites").param("q", "shop").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.page").value(0))
                .andExpect(jsonPath("$.items[0].domain").value("shop.example.org"))
                .andExpect(jsonPath("$.items[0].status").value("DISABLED"));
        mvc.perform(get("/api/v1/sites").param("status", "NOPE").with(httpBasic("admin", BosunTest.ADMIN_PASSWORD)))
                .andExpect(status().isBadRequest());
    }

    @Test
    void theListPageFiltersAndPages() throws Exception {
        mvc.perform(get("/sites").param("page", "1").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(org.hamcrest.Matchers.containsString("Page 2 of 2 · 61 sites")));
        mvc.perform(get("/sites").param("q", "nothing-like-this").with(user("admin").roles("ADMIN")))
                .andExpect(content().string(org.hamcrest.Matchers.containsString("No site matches this filter.")));
    }

    private long site(String domain, long client, String status, long platform, long db) {
        return insert("INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status) VALUES ('"
                + domain + "', " + client + ", " + platform + ", " + db + ", 'standard', '" + status + "') RETURNING id");
    }

    private long insert(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
