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

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupService;
import dev.bosun.backup.NewBackup;
import dev.bosun.test.BackupRows;
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

    @Autowired
    BackupService backups;

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

    @Test
    void theNoteOfAQueuedTaskShowsOnlyWhileThatTaskIsOpenAndTheButtonsSayTheyQueueAfterIt() throws Exception {
        long client = clients.create(new ClientForm("Note Co " + System.nanoTime(), null)).id();
        long site = site("note-" + System.nanoTime() + ".example.com", client);
        long running = task(site, "migrate", "PROCESSING", null);

        Document open = page("/sites/" + site + "?queued=" + running);
        assertThat(open.select("#queued-note").text()).startsWith("Migrate is running.");
        assertThat(open.select("#queued-note a").attr("href")).isEqualTo("/tasks/" + running);
        assertThat(open.select("#site-busy").text()).startsWith("In maintenance: migrating");
        assertThat(open.select("#task-verify").text()).isEqualTo("Verify after Migrate");
        assertThat(open.select("#site-live").attr("hx-get")).isEqualTo("/sites/" + site + "/live?queued=" + running);

        jdbc.sql("UPDATE tasks SET status = 'SUCCESS', finished_at = now(), lease_owner = NULL WHERE id = :id")
                .param("id", running).update();
        Document ended = page("/sites/" + site + "/live?queued=" + running);
        assertThat(ended.select("#queued-note, #site-busy")).isEmpty();
        assertThat(ended.select("#task-verify").text()).isEqualTo("Verify");
    }

    @Test
    void theSitePageShowsTheOutcomeOfItsLatestFinishedTask() throws Exception {
        long client = clients.create(new ClientForm("Outcome Co " + System.nanoTime(), null)).id();
        long site = site("outcome-" + System.nanoTime() + ".example.com", client);
        task(site, "verify", "SUCCESS", null);
        long warned = task(site, "install", "WARNING", "Warning in step welcome mail: no mail server configured");

        Document page = page("/sites/" + site);

        assertThat(page.select("#last-outcome a").attr("href")).isEqualTo("/tasks/" + warned);
        assertThat(page.select("#last-outcome-text").text())
                .isEqualTo("Warning in step welcome mail: no mail server configured");
        assertThat(page.select("#install-failed")).isEmpty();
    }

    @Test
    void theListShowsEachSitesDrupalLastBackupAndLastVerify() throws Exception {
        long client = clients.create(new ClientForm("Columns Co " + System.nanoTime(), null)).id();
        String domain = "columns-" + System.nanoTime() + ".example.com";
        long site = site(domain, client);
        String bare = "bare-" + System.nanoTime() + ".example.com";
        site(bare, client);
        jdbc.sql("UPDATE platforms SET core_version = '11.1.4' WHERE id = (SELECT platform_id FROM sites WHERE id = :id)")
                .param("id", site).update();
        jdbc.sql("""
                        INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind, created_at)
                        VALUES (:site, '/nonexistent/c.tar.gz', 10, :sha, 'x', 'REQUESTED', '2026-03-01T10:00:00Z')""")
                .param("site", site).param("sha", "0".repeat(64)).update();
        BackupRows.newestKept(jdbc, site);
        long verify = task(site, "verify", "WARNING", "Warning in step packages: x");

        Document page = page("/sites?q=" + domain.substring(0, 20));
        var row = page.select("tr:has(a[href=/sites/" + site + "])");
        assertThat(row.select(".site-core").text()).isEqualTo("11.1.4");
        assertThat(row.select(".site-last-backup").text()).startsWith("2026-03-01");
        assertThat(row.select(".site-last-verify a").attr("href")).isEqualTo("/tasks/" + verify);
        assertThat(row.select(".site-last-verify").text()).contains("Warning");
        var bareRow = page("/sites?q=" + bare).select("tr:has(input[name=siteIds])");
        assertThat(bareRow.select(".site-last-backup").text()).isEqualTo("never");
        assertThat(bareRow.select(".site-last-verify").text()).isEqualTo("never");
    }

    @Test
    void aBulkActionQueuesOnTheSitesThatOfferItAndReportsEachOtherSite() throws Exception {
        long client = clients.create(new ClientForm("Bulk Co " + System.nanoTime(), null)).id();
        long enabled = site("bulk-on-" + System.nanoTime() + ".example.com", client);
        long disabled = site("bulk-off-" + System.nanoTime() + ".example.com", client);
        jdbc.sql("UPDATE sites SET status = 'DISABLED' WHERE id = :id").param("id", disabled).update();
        long other = clients.create(new ClientForm("Bulk Other " + System.nanoTime(), null)).id();
        long theirs = site("bulk-theirs-" + System.nanoTime() + ".example.com", other);
        String username = "bulk" + System.nanoTime();
        clients.addUser(client, new ClientUserForm(username, null, "client-password-1"));

        var result = mvc.perform(post("/sites/bulk").param("action", "verify")
                        .param("siteIds", String.valueOf(enabled), String.valueOf(disabled), String.valueOf(theirs))
                        .with(user(username).roles("CLIENT")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        @SuppressWarnings("unchecked")
        var results = (java.util.List<Object>) result.getFlashMap().get("bulkResults");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).toString()).contains("queued=true");
        assertThat(results.get(1).toString()).contains("queued=false", "does not offer the task verify");
        assertThat(results.get(2).toString()).contains("queued=false", "no such site")
                .doesNotContain("bulk-theirs");
        assertThat(jdbc.sql("SELECT count(*) FROM tasks WHERE type = 'verify' AND target_id IN (:a, :b)")
                .param("a", disabled).param("b", theirs).query(Long.class).single()).isZero();

        var refused = mvc.perform(post("/sites/bulk").param("action", "disable")
                        .param("siteIds", String.valueOf(enabled)).with(user(username).roles("CLIENT")).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(refused.getFlashMap().get("flashError")).asString().contains("Verify, Backup and Login link");
        assertThat(refused.getFlashMap().get("bulkResults")).isNull();
    }

    @Test
    void theDashboardListsWhatNeedsAttention() throws Exception {
        long client = clients.create(new ClientForm("Attention Co " + System.nanoTime(), null)).id();
        String username = "attention" + System.nanoTime();
        clients.addUser(client, new ClientUserForm(username, null, "client-password-1"));
        String domain = "attention-" + System.nanoTime() + ".example.com";
        long site = site(domain, client);
        long failed = task(site, "backup", "ERROR", "Error in step dump: no space left");
        long platform = jdbc.sql("SELECT platform_id FROM sites WHERE id = :id").param("id", site)
                .query(Long.class).single();
        jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, status, requested_by, summary, started_at,
                                           finished_at)
                        VALUES ('verify', 'PLATFORM', :p, 'ERROR', 'admin', 'Error in step scan: no drush', now(), now())""")
                .param("p", platform).update();

        Document own = Jsoup.parse(mvc.perform(get("/").with(user(username).roles("CLIENT")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString());
        assertThat(own.select("#attention-failed a[href=/tasks/" + failed + "]")).hasSize(1);
        assertThat(own.select("#attention-backups a").eachText()).containsExactly(domain);
        assertThat(own.select("#attention-platforms")).as("platforms are for staff").isEmpty();

        Document staff = page("/");
        assertThat(staff.select("#attention-platforms a[href=/platforms/" + platform + "]")).hasSize(1);

        // A backup recorded now takes the site off the list; removed again, the site is back.
        BackupInfo backup = backups.record(new NewBackup(site, null, BackupKind.REQUESTED, null, new BackupArchive(
                Path.of("/nonexistent", domain + ".tar.gz"), 10, "0".repeat(64), Instant.now(), 1, 0, List.of())));
        assertThat(Jsoup.parse(mvc.perform(get("/").with(user(username).roles("CLIENT"))).andReturn().getResponse()
                .getContentAsString()).select("#attention-backups a")).isEmpty();
        backups.deleteBackups(site, List.of(backup.id()));
        assertThat(Jsoup.parse(mvc.perform(get("/").with(user(username).roles("CLIENT"))).andReturn().getResponse()
                .getContentAsString()).select("#attention-backups a").eachText()).containsExactly(domain);
    }

    /** A task row of the site; an open one is leased far ahead by a node that is not this one, so none runs it. */
    private long task(long site, String type, String status, String outcome) {
        boolean open = status.equals("QUEUED") || status.equals("PROCESSING");
        return jdbc.sql("""
                        INSERT INTO tasks (type, target_type, target_id, site_id, status, requested_by, summary,
                                           lease_owner, lease_expires_at, started_at, finished_at, client_id)
                        VALUES (:type, 'SITE', :site, :site, :status, 'admin', :outcome,
                                CASE WHEN :open THEN 'elsewhere' END, CASE WHEN :open THEN now() + interval '1 hour' END,
                                now(), CASE WHEN :open THEN NULL ELSE now() END,
                                (SELECT client_id FROM sites WHERE id = :site))
                        RETURNING id""")
                .param("type", type).param("site", site).param("status", status).param("outcome", outcome)
                .param("open", open).query(Long.class).single();
    }

    private Document page(String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(user("admin").roles("ADMIN"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString());
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
