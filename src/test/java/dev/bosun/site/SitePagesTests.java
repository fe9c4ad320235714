package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class SitePagesTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ClientService clients;

    @Test
    void theDisabledPageIsPublicAndSaysSiteDisabled() throws Exception {
        mvc.perform(get("/disabled/shop.example.com"))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Site disabled")))
                .andExpect(content().string(Matchers.containsString("shop.example.com")));
        mvc.perform(get("/disabled/bad_domain!")).andExpect(status().isNotFound());
    }

    @Test
    void theSitePageWarnsOfPendingDatabaseUpdatesTheLastVerifyFound() throws Exception {
        long client = clients.create(new ClientForm("Pending Co " + System.nanoTime(), null)).id();
        long site = site("pending-" + System.nanoTime() + ".example.com", client);

        mvc.perform(get("/sites/{id}", site).with(user("admin").roles("ADMIN")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"pending-updates\""))));
        jdbc.sql("UPDATE sites SET pending_db_updates = 3 WHERE id = :id").param("id", site).update();

        mvc.perform(get("/sites/{id}", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"pending-updates\"")))
                .andExpect(content().string(Matchers.containsString("3 database updates are pending")));
    }

    @Test
    void theOneTimeLoginLinkIsFollowedOnceThroughThePanel() throws Exception {
        long client = clients.create(new ClientForm("Login Link Co " + System.nanoTime(), null)).id();
        long site = site("login-" + System.nanoTime() + ".example.com", client);
        jdbc.sql("UPDATE sites SET login_url = 'http://x.example/user/reset/1/2/h/login', login_url_pending = TRUE WHERE id = :id")
                .param("id", site).update();

        mvc.perform(post("/sites/{id}/go", site).with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl("http://x.example/user/reset/1/2/h/login"));
        String siteUrl = jdbc.sql("SELECT 'http://' || domain || '/' FROM sites WHERE id = :id").param("id", site)
                .query(String.class).single();
        mvc.perform(post("/sites/{id}/go", site).with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(redirectedUrl(siteUrl));
    }

    @Test
    void theSitePagesFormsMayLeadToTheSiteAndOtherPagesFormsOnlyToThePanel() throws Exception {
        long client = clients.create(new ClientForm("Csp Co " + System.nanoTime(), null)).id();
        String domain = "csp-" + System.nanoTime() + ".example.com";
        long site = site(domain, client);

        mvc.perform(get("/sites/{id}", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Security-Policy", Matchers.endsWith(
                        "; form-action 'self' http://" + domain)));
        mvc.perform(get("/sites").with(user("admin").roles("ADMIN")))
                .andExpect(header().string("Content-Security-Policy", Matchers.endsWith("; form-action 'self'")));
    }

    @Test
    void aClientUserCannotFollowAnotherClientsSiteLink() throws Exception {
        long mine = clients.create(new ClientForm("Mine " + System.nanoTime(), null)).id();
        long theirs = clients.create(new ClientForm("Theirs " + System.nanoTime(), null)).id();
        String username = "c" + System.nanoTime();
        clients.addUser(mine, new ClientUserForm(username, null, "client-password-1"));
        long site = site("theirs-" + System.nanoTime() + ".example.com", theirs);
        mvc.perform(post("/sites/{id}/go", site).with(user(username).roles("CLIENT")).with(csrf()))
                .andExpect(status().isNotFound());
    }

    @Test
    void theSitePageLinksToItsPlatformClientServersBackupsAndTheSiteForAnAdmin() throws Exception {
        long client = clients.create(new ClientForm("Hub Co " + System.nanoTime(), null)).id();
        String domain = "hub-" + System.nanoTime() + ".example.com";
        long site = site(domain, client);
        long platform = jdbc.sql("SELECT platform_id FROM sites WHERE id = :id").param("id", site)
                .query(Long.class).single();
        long server = jdbc.sql("SELECT server_id FROM platforms WHERE id = :id").param("id", platform)
                .query(Long.class).single();

        Document page = page(site, user("admin").roles("ADMIN"));

        assertThat(page.select("#platform-link").attr("href")).isEqualTo("/platforms/" + platform);
        assertThat(page.select("#client-link").attr("href")).isEqualTo("/clients/" + client);
        assertThat(page.select("#web-server-link").attr("href")).isEqualTo("/servers/" + server);
        assertThat(page.select("#db-server-link").attr("href")).isEqualTo("/servers/" + server);
        assertThat(page.select("#visit-link").attr("href")).isEqualTo("http://" + domain + "/");
        assertThat(page.select("#visit-link").attr("rel")).contains("noopener");
        assertThat(page.select("#visit-link").attr("target")).isEqualTo("_blank");
        assertThat(page.select("#go-link")).hasSize(1);
        assertThat(page.select("#visit-link").first().parent()).isEqualTo(page.select("#go-link").first().parent().parent());
    }

    @Test
    void aClientUserSeesTheServersAndClientAsTextNotLinks() throws Exception {
        long client = clients.create(new ClientForm("Own Co " + System.nanoTime(), null)).id();
        String username = "c" + System.nanoTime();
        clients.addUser(client, new ClientUserForm(username, null, "client-password-1"));
        long site = site("own-" + System.nanoTime() + ".example.com", client);

        Document page = page(site, user(username).roles("CLIENT"));

        assertThat(page.select("#web-server-link, #db-server-link, #client-link, #platform-link")).isEmpty();
        assertThat(page.select("a[href^=/servers/], a[href^=/clients/], a[href^=/platforms/]")).isEmpty();
        assertThat(page.select(".facts").text()).contains("Own Co");
        assertThat(page.select("#visit-link")).hasSize(1);
    }

    @Test
    void aClientUserSeesOnlyTheTaskButtonsClientsMayRun() throws Exception {
        long client = clients.create(new ClientForm("Buttons Co " + System.nanoTime(), null)).id();
        String username = "b" + System.nanoTime();
        clients.addUser(client, new ClientUserForm(username, null, "client-password-1"));
        long site = site("buttons-" + System.nanoTime() + ".example.com", client);

        Document staff = page(site, user("admin").roles("ADMIN"));
        Document own = page(site, user(username).roles("CLIENT"));

        assertThat(staff.select("#task-disable")).hasSize(1);
        assertThat(own.select("#task-delete, #task-disable")).isEmpty();
        assertThat(own.select("#task-backup, #task-verify, #task-login-reset")).hasSize(3);
    }

    private Document page(long site, org.springframework.test.web.servlet.request.RequestPostProcessor user)
            throws Exception {
        String html = mvc.perform(get("/sites/{id}", site).with(user)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        return Jsoup.parse(html);
    }

    private long site(String domain, long client) {
        return SiteRows.enabledSite(jdbc, domain, client);
    }
}
