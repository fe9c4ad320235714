package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientForm;
import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.account.ClientUserForm;
import dev.bosun.account.Role;
import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupArchiver;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.backup.BackupService;
import dev.bosun.backup.NewBackup;
import dev.bosun.backup.SiteFolder;
import dev.bosun.task.TaskLogLine;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskRequest;
import dev.bosun.task.TaskService;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.BosunTest;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/** A site's backups on its page (download links for admins only) and the backup-delete task. */
@BosunTest
class SiteBackupsTests {

    @Autowired
    MockMvc mvc;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ClientService clients;
    @Autowired
    AccountService accounts;
    @Autowired
    SiteTasks siteTasks;
    @Autowired
    TaskService tasks;
    @Autowired
    TaskQueries taskQueries;
    @Autowired
    BackupService backups;
    @Autowired
    BackupArchiver archiver;

    String domain;
    long siteId;
    String clientUser;

    @BeforeEach
    void site() {
        String tag = Long.toString(System.nanoTime(), 36);
        long client = clients.create(new ClientForm("Backups " + tag, null)).id();
        clientUser = "owner" + tag;
        clients.addUser(client, new ClientUserForm(clientUser, null, "client-password-1"));
        domain = "backups-" + tag + ".example.com";
        siteId = SiteRows.enabledSite(jdbc, domain, client);
    }

    @Test
    void backupDeleteRemovesTheChosenBackupsWithOneLogLineEach() throws Exception {
        BackupInfo older = backup("2025-11-20T08:00:00Z", BackupKind.AUTOMATED);
        BackupInfo newer = backup("2025-11-21T08:00:00Z", BackupKind.REQUESTED);
        BackupInfo kept = backup("2025-11-22T08:00:00Z", BackupKind.REQUESTED);

        var queued = siteTasks.queue(siteId, SiteTaskType.BACKUP_DELETE,
                new SiteTaskArgs.BackupDelete(List.of(older.id(), newer.id())), ClientScope.ALL, "admin");
        TaskSummary task = finished(queued.task().id());

        assertThat(task.status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(taskQueries.log(task.id(), 0, 100)).extracting(TaskLogLine::level, TaskLogLine::message)
                .contains(tuple(TaskLogLine.Level.OK, "Deleted " + older.fileName() + " (" + older.humanSize() + ")"),
                        tuple(TaskLogLine.Level.OK, "Deleted " + newer.fileName() + " (" + newer.humanSize() + ")"));
        assertThat(older.path()).doesNotExist();
        assertThat(newer.path()).doesNotExist();
        assertThat(backups.listForSite(siteId)).containsExactly(kept);
        assertThat(kept.path()).exists();
    }

    @Test
    void aBackupGoneBeforeTheTaskRunsIsAWarningNotAFailure() throws Exception {
        BackupInfo present = backup("2025-11-20T08:00:00Z", BackupKind.REQUESTED);
        BackupInfo gone = backup("2025-11-21T08:00:00Z", BackupKind.REQUESTED);
        backups.delete(gone.id());

        long id = tasks.queue(TaskRequest.forSite("backup-delete", siteId, null,
                new SiteTaskArgs.BackupDelete(List.of(present.id(), gone.id())), "admin")).task().id();
        TaskSummary task = finished(id);

        assertThat(task.status()).isEqualTo(TaskStatus.WARNING);
        assertThat(taskQueries.log(id, 0, 100)).extracting(TaskLogLine::level, TaskLogLine::message)
                .contains(tuple(TaskLogLine.Level.OK, "Deleted " + present.fileName() + " (" + present.humanSize() + ")"),
                        tuple(TaskLogLine.Level.WARNING, "Backup " + gone.id() + " is already gone"));
        assertThat(backups.hasBackups(siteId)).isFalse();
    }

    @Test
    void theDialogListsTheBackupsNewestFirstAndDeletingNoneIsRefusedWithAMessage() throws Exception {
        BackupInfo older = backup("2025-11-20T08:00:00Z", BackupKind.AUTOMATED);
        BackupInfo newer = backup("2025-11-21T09:30:05Z", BackupKind.REQUESTED);

        String page = mvc.perform(get("/sites/{id}", siteId).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();

        String dialog = page.substring(page.indexOf("<dialog id=\"dialog-backup-delete\""));
        dialog = dialog.substring(0, dialog.indexOf("</dialog>"));
        assertThat(page).contains("id=\"task-backup-delete\"");
        assertThat(dialog).containsSubsequence("value=\"" + newer.id() + "\"",
                "2025-11-21 09:30:05 UTC - " + newer.humanSize() + " - Generated on request",
                "value=\"" + older.id() + "\"", "2025-11-20 08:00:00 UTC - " + older.humanSize() + " - Automated backup");

        mvc.perform(post("/sites/{id}/tasks/backup-delete", siteId).with(user("admin").roles("ADMIN")).with(csrf()))
                .andExpect(status().is3xxRedirection())
                .andExpect(flash().attribute("flashError", "Choose at least one backup to delete."));
        assertThat(siteTasks.history(siteId, 0).items()).isEmpty();
        assertThat(backups.listForSite(siteId)).containsExactly(newer, older);
    }

    @Test
    void onlyAdminsGetDownloadLinksAndAClientGetsNotFoundForTheDownload() throws Exception {
        BackupInfo backup = backup("2025-11-20T08:00:00Z", BackupKind.REQUESTED);
        String link = "/backups/" + backup.id() + "/download";

        String operator = "op" + Long.toString(System.nanoTime(), 36);
        accounts.createUser(operator, "operator-password-1", Role.OPERATOR, null);

        assertThat(page("admin", "ADMIN")).contains("href=\"" + link + "\"");
        assertThat(page(operator, "OPERATOR")).doesNotContain(link).contains(BackupService.label(backup));
        assertThat(page(clientUser, "CLIENT")).doesNotContain(link).contains(BackupService.label(backup));
        mvc.perform(get(link).with(user(clientUser).roles("CLIENT"))).andExpect(status().isNotFound());

        Files.delete(backup.path());
        assertThat(page("admin", "ADMIN")).doesNotContain(link).contains("(file missing)");
    }

    private String page(String username, String role) throws Exception {
        return mvc.perform(get("/sites/{id}", siteId).with(user(username).roles(role)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    }

    private BackupInfo backup(String createdAt, BackupKind kind) throws Exception {
        BackupArchive written = archiver.create(domain, SiteFolder.local(TestDatabases.temporaryFolder("site")),
                out -> out.write("CREATE TABLE t (id INT);\n".repeat(100).getBytes()));
        BackupArchive archive = new BackupArchive(written.path(), written.size(), written.sha256(),
                Instant.parse(createdAt), written.entries(), written.databaseBytes(), written.warnings());
        return backups.record(new NewBackup(siteId, null, kind, null, archive));
    }

    private TaskSummary finished(long id) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> taskQueries.summary(id).orElseThrow(),
                task -> task.status().isFinished());
    }
}
