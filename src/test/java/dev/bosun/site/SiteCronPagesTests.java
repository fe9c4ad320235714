package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.test.BosunTest;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** The cron parts of the pages, on sites that are rows only (their runs inserted as the scheduler records them). */
@BosunTest
class SiteCronPagesTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    SiteCronService cron;

    @Test
    void theSitesListShowsEachSitesLastCronRun() throws Exception {
        long client = clients.create(new ClientForm("Cron List Co " + System.nanoTime(), null)).id();
        String tag = Long.toString(System.nanoTime(), 36);
        String ran = "ran-" + tag + ".example.com";
        String never = "never-" + tag + ".example.com";
        long ranId = SiteRows.enabledSite(jdbc, ran, client);
        SiteRows.enabledSite(jdbc, never, client);
        run(ranId, "ERROR", 1, "2026-03-01 10:00:00+00", "2026-03-01 10:00:02+00");
        run(ranId, "SUCCESS", 0, "2026-03-01 11:00:00+00", "2026-03-01 11:00:01+00");

        Document page = Jsoup.parse(mvc.perform(get("/sites").param("q", tag)
                        .with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());

        assertThat(row(page, ran)).contains("Success").contains("03-01 11:00").contains("1 s");
        assertThat(row(page, never)).contains("none");
    }

    @Test
    void theSiteCronPageListsTheRunsAndOnlyStaffMayChangeTheInterval() throws Exception {
        long client = clients.create(new ClientForm("Cron Page Co " + System.nanoTime(), null)).id();
        long site = SiteRows.enabledSite(jdbc, "page-" + System.nanoTime() + ".example.com", client);
        run(site, "ERROR", 1, "2026-03-01 10:00:00+00", "2026-03-01 10:00:02+00");
        String username = "cron" + System.nanoTime();
        clients.addUser(client, new ClientUserForm(username, null, "client-password-1"));

        String admin = mvc.perform(get("/sites/{id}/cron", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(admin).contains("Last runs").contains(" [error] Cron run failed.").contains("Panel default");
        String own = mvc.perform(get("/sites/{id}/cron", site).with(user(username).roles("CLIENT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(Jsoup.parse(own).select("select#interval")).isEmpty();

        mvc.perform(post("/sites/{id}/cron", site).param("interval", "900").with(user(username).roles("CLIENT"))
                .with(csrf())).andExpect(status().isForbidden());
        mvc.perform(post("/sites/{id}/cron", site).param("interval", "900").with(user("admin").roles("ADMIN"))
                .with(csrf())).andExpect(redirectedUrl("/sites/" + site + "/cron"));
        assertThat(cron.forSite(site, ClientScope.ALL).intervalSeconds()).isEqualTo(900);
        mvc.perform(post("/sites/{id}/cron", site).param("interval", "default").with(user("admin").roles("ADMIN"))
                .with(csrf())).andExpect(redirectedUrl("/sites/" + site + "/cron"));
        assertThat(cron.forSite(site, ClientScope.ALL).intervalSeconds()).isNull();
    }

    @Test
    void theDashboardListsSitesWhoseCronFailedThreeTimesInARowWithinTheUsersScope() throws Exception {
        long mine = clients.create(new ClientForm("Cron Mine " + System.nanoTime(), null)).id();
        long theirs = clients.create(new ClientForm("Cron Theirs " + System.nanoTime(), null)).id();
        String failing = "failing-" + System.nanoTime() + ".example.com";
        String twice = "twice-" + System.nanoTime() + ".example.com";
        String other = "other-" + System.nanoTime() + ".example.com";
        long failingId = SiteRows.enabledSite(jdbc, failing, mine);
        failures(failingId, 3);
        failures(SiteRows.enabledSite(jdbc, twice, mine), 2);
        failures(SiteRows.enabledSite(jdbc, other, theirs), 4);
        String username = "dash" + System.nanoTime();
        clients.addUser(mine, new ClientUserForm(username, null, "client-password-1"));

        String admin = mvc.perform(get("/fragments/cron-failing").with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(admin).contains("Cron failing").contains(failing).contains(other).doesNotContain(twice);
        String client = mvc.perform(get("/fragments/cron-failing").with(user(username).roles("CLIENT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(client).contains(failing).doesNotContain(other);

        cron.setInterval(failingId, 0, ClientScope.ALL);
        assertThat(cron.failing(ClientScope.ALL)).as("a site whose cron is off is not nagged about")
                .noneMatch(site -> site.siteId() == failingId);
        assertThat(mvc.perform(get("/").with(user("admin").roles("ADMIN"))).andReturn().getResponse()
                .getContentAsString()).contains("/fragments/cron-failing");
    }

    @Test
    void theCronSettingsFormNamesTheWrongFieldAndSavesGoodValues() throws Exception {
        CronSettings saved = cron.settings();
        try {
            String page = mvc.perform(post("/admin/cron").param("defaultIntervalMinutes", "30").param("perServerLimit", "0")
                            .with(user("admin").roles("ADMIN")).with(csrf()))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            assertThat(Jsoup.parse(page).select(".field-error").text()).isEqualTo("At least one run at a time.");
            assertThat(cron.settings()).isEqualTo(saved);

            mvc.perform(post("/admin/cron").param("defaultIntervalMinutes", "30").param("perServerLimit", "3")
                            .with(user("admin").roles("ADMIN")).with(csrf()))
                    .andExpect(redirectedUrl("/admin/cron"));
            assertThat(cron.settings()).isEqualTo(new CronSettings(1800, 3));
            mvc.perform(get("/admin/cron").with(user("operator").roles("OPERATOR"))).andExpect(status().isForbidden());
        } finally {
            cron.updateSettings(saved);
        }
    }

    @Test
    void aClientUserSeesTheCronOutputWithoutThePanelsPathsLikeATaskLog() throws Exception {
        long client = clients.create(new ClientForm("Cron Paths Co " + System.nanoTime(), null)).id();
        long site = SiteRows.enabledSite(jdbc, "paths-" + System.nanoTime() + ".example.com", client);
        run(site, "ERROR", 1, "2026-03-01 10:00:00+00", "2026-03-01 10:00:02+00");
        jdbc.sql("UPDATE site_cron_runs SET output = :output WHERE site_id = :id").param("id", site)
                .param("output", " [error] Cannot open /var/aegir/platforms/d10/web/sites/default/settings.php: see "
                        + "https://example.com/admin/reports").update();
        String username = "cronpaths" + System.nanoTime();
        clients.addUser(client, new ClientUserForm(username, null, "client-password-1"));

        String own = mvc.perform(get("/sites/{id}/cron", site).with(user(username).roles("CLIENT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        String staff = mvc.perform(get("/sites/{id}/cron", site).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        assertThat(own).contains("[error] Cannot open [path]: see https://example.com/admin/reports")
                .doesNotContain("/var/aegir");
        assertThat(staff).contains("/var/aegir/platforms/d10/web/sites/default/settings.php");
        assertThat(cron.forSite(site, ClientScope.of(java.util.List.of(client))).runs().get(0).output())
                .doesNotContain("/var/aegir");
    }

    private void failures(long site, int count) {
        for (int i = 0; i < count; i++) {
            run(site, "ERROR", 1, "2026-03-01 1" + i + ":00:00+00", "2026-03-01 1" + i + ":00:01+00");
        }
        jdbc.sql("UPDATE site_cron SET consecutive_failures = :n WHERE site_id = :id")
                .param("id", site).param("n", count).update();
    }

    private void run(long site, String result, int exit, String started, String finished) {
        // due in a week: the scheduler leaves these row-only sites alone
        jdbc.sql("""
                INSERT INTO site_cron (site_id, interval_seconds, next_run_at) VALUES (:id, 604800, now() + interval '7 days')
                ON CONFLICT (site_id) DO UPDATE SET interval_seconds = 604800, next_run_at = now() + interval '7 days'""")
                .param("id", site).update();
        jdbc.sql("""
                INSERT INTO site_cron_runs (site_id, web_server_id, node, started_at, lease_until, finished_at, result,
                    exit_code, output)
                VALUES (:site, 0, 'test', CAST(:started AS timestamptz), CAST(:started AS timestamptz),
                    CAST(:finished AS timestamptz), :result, :exit, :output)""")
                .param("site", site).param("started", started).param("finished", finished).param("result", result)
                .param("exit", exit).param("output", exit == 0 ? "" : " [error] Cron run failed.").update();
    }

    private static String row(Document page, String domain) {
        return page.select("tr:has(a:containsOwn(" + domain + "))").text();
    }
}
