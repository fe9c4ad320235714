package dev.bosun.site;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrlPattern;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;

import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.backup.BackupService;
import dev.bosun.test.BackupRows;
import dev.bosun.test.BosunTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** The restore dialog on the site page, and queueing a restore from the page and the API. */
@BosunTest
class RestoreDialogTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;

    @TempDir
    Path backupsDir;

    long client;
    long site;
    String suffix;

    @BeforeEach
    void site() {
        suffix = Long.toString(System.nanoTime(), 36);
        client = clients.create(new ClientForm("Restore Co " + suffix, null)).id();
        site = site("restore-" + suffix + ".example.com", client);
    }

    @Test
    void listsTheSitesBackupsNewestFirstAsDateSizeAndReason() throws Exception {
        long older = backup(site, "2025-03-01T10:00:00Z", 1536, "Generated on request", true);
        long newer = backup(site, "2025-03-02T11:30:05Z", 5 * 1024 * 1024, "Before the upgrade", true);
        backup(site, "2025-03-03T09:00:00Z", 10, "File gone", false);

        mvc.perform(get("/sites/{id}/restore-choices", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.stringContainsInOrder(
                        "value=\"" + newer + "\"", "2025-03-02 11:30:05 UTC - 5.0 MB - Before the upgrade",
                        "value=\"" + older + "\"", "2025-03-01 10:00:00 UTC - 1.5 KB - Generated on request")))
                .andExpect(content().string(Matchers.containsString("type=\"radio\"")))
                .andExpect(content().string(Matchers.containsString("id=\"confirm-restore\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("File gone"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString(BackupService.NO_VALID_BACKUPS))));
    }

    @Test
    void saysThereAreNoValidBackupsAndOffersNoSubmitWithoutOne() throws Exception {
        backup(site, "2025-03-03T09:00:00Z", 10, "File gone", false);

        mvc.perform(get("/sites/{id}/restore-choices", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("There are no valid backups available.")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("confirm-restore"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("type=\"radio\""))));
    }

    @Test
    void theSitePageOffersRestoreWithItsDialogOnceTheSiteHasABackup() throws Exception {
        mvc.perform(get("/sites/{id}", site).with(admin()))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"task-restore\""))));
        backup(site, "2025-03-01T10:00:00Z", 100, "Generated on request", true);

        mvc.perform(get("/sites/{id}", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("data-dialog=\"dialog-restore\"")))
                .andExpect(content().string(Matchers.containsString("id=\"dialog-restore\"")))
                .andExpect(content().string(Matchers.containsString("hx-get=\"/sites/" + site + "/restore-choices\"")));
    }

    @Test
    void theFormQueuesARestoreOfTheChosenBackupAndRefusesAMissingChoice() throws Exception {
        long backupId = backup(site, "2025-03-01T10:00:00Z", 100, "Generated on request", true);

        mvc.perform(post("/sites/{id}/tasks/restore", site).with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashError", "Choose a backup."));
        mvc.perform(post("/sites/{id}/tasks/restore", site).param("backupId", Long.toString(backupId))
                        .with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrlPattern("/sites/" + site + "?queued=*"));
        long queued = jdbc.sql("SELECT count(*) FROM tasks WHERE type = 'restore' AND site_id = :site")
                .param("site", site).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(queued).isEqualTo(1);
    }

    @Test
    void theApiQueuesARestoreAndAnswers422ForAnotherSitesBackup() throws Exception {
        long other = site("other-" + suffix + ".example.com", client);
        long foreign = backup(other, "2025-03-01T10:00:00Z", 100, "Generated on request", true);
        long own = backup(site, "2025-03-01T10:00:00Z", 100, "Generated on request", true);

        mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"restore\",\"args\":{\"backupId\":" + foreign + "}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.errors[0].field").value("backupId"));
        mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"restore\",\"args\":{\"backupId\":" + own + "}}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.type").value("restore"));
    }

    @Test
    void aDamagedBackupIsShownDamagedAndNeitherOfferedNorAcceptedForRestore() throws Exception {
        long sound = backup(site, "2025-03-01T10:00:00Z", 100, "Still sound", true);
        long damaged = backup(site, "2025-03-02T10:00:00Z", 100, "Broken one", true);
        jdbc.sql("UPDATE backups SET damage = 'The checksum does not match the record.', damaged_at = now() "
                + "WHERE id = :id").param("id", damaged).update();

        mvc.perform(get("/sites/{id}/restore-choices", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("value=\"" + sound + "\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("Broken one"))));
        mvc.perform(get("/sites/{id}", site).with(admin()))
                .andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("id=\"backup-damaged-" + damaged + "\"")))
                .andExpect(content().string(Matchers.not(Matchers.containsString("id=\"backup-damaged-" + sound
                        + "\""))));
        mvc.perform(post("/api/v1/sites/{id}/tasks", site).with(httpBasic("admin", BosunTest.ADMIN_PASSWORD))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"type\":\"restore\",\"args\":{\"backupId\":" + damaged + "}}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errors[0].field").value("backupId"))
                .andExpect(jsonPath("$.errors[0].message").value(Matchers.containsString("is damaged and cannot be "
                        + "restored: The checksum does not match the record.")));
        mvc.perform(post("/sites/{id}/tasks/restore", site).param("backupId", Long.toString(damaged))
                        .with(admin()).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashError", Matchers.containsString("is damaged")));
        long queued = jdbc.sql("SELECT count(*) FROM tasks WHERE type = 'restore' AND site_id = :site")
                .param("site", site).query(Long.class).single();
        org.assertj.core.api.Assertions.assertThat(queued).isZero();
    }

    @Test
    void anotherClientsUserDoesNotSeeTheBackups() throws Exception {
        backup(site, "2025-03-01T10:00:00Z", 100, "Secret reason", true);
        long otherClient = clients.create(new ClientForm("Other Co " + suffix, null)).id();
        String username = "r" + suffix;
        clients.addUser(otherClient, new ClientUserForm(username, null, "client-password-1"));

        mvc.perform(get("/sites/{id}/restore-choices", site).with(user(username).roles("CLIENT")))
                .andExpect(status().isNotFound())
                .andExpect(content().string(Matchers.not(Matchers.containsString("Secret reason"))));
    }

    private long backup(long siteId, String at, long size, String description, boolean fileExists) throws Exception {
        Path file = backupsDir.resolve("b" + System.nanoTime() + ".tar.gz");
        if (fileExists) {
            Files.writeString(file, "not a real archive");
        }
        long id = jdbc.sql("""
                INSERT INTO backups (site_id, path, size_bytes, sha256, description, kind, created_at)
                VALUES (:site, :path, :size, :sha, :description, 'REQUESTED', :at) RETURNING id""")
                .param("site", siteId).param("path", file.toString()).param("size", size)
                .param("sha", "0".repeat(64)).param("description", description)
                .param("at", Timestamp.from(Instant.parse(at))).query(Long.class).single();
        BackupRows.newestKept(jdbc, siteId);
        return id;
    }

    private long site(String domain, long owner) {
        return SiteRows.enabledSite(jdbc, domain, owner);
    }

    private static RequestPostProcessor admin() {
        return user("admin").roles("ADMIN");
    }
}
