package dev.bosun.site;

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

    private long site(String domain, long client) {
        return SiteRows.enabledSite(jdbc, domain, client);
    }
}
