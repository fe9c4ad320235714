package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import dev.bosun.test.BosunTest;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@BosunTest
class BackupServiceTests {

    @Autowired
    BackupService backups;

    @Autowired
    BackupArchiver archiver;

    @Autowired
    BackupSpace space;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    BackupFixtures fixtures;
    long siteId;

    @BeforeEach
    void site() {
        fixtures = new BackupFixtures(jdbc);
        siteId = fixtures.site("records.example.com", "ENABLED");
    }

    @AfterEach
    void cleanUp() {
        fixtures.cleanUp();
    }

    BackupArchive archive(String domain, Instant createdAt) throws Exception {
        BackupArchive written = archiver.create(domain, SiteFolder.local(TestDatabases.temporaryFolder("site")),
                out -> out.write("CREATE TABLE t (id INT);\n".repeat(1000).getBytes()));
        return new BackupArchive(written.path(), written.size(), written.sha256(), createdAt, written.entries(),
                written.databaseBytes(), written.warnings());
    }

    @Test
    void anArchiveWhoseRecordCannotBeWrittenIsDeleted() throws Exception {
        BackupArchive archive = archive("records.example.com", Instant.parse("2025-11-22T08:00:00Z"));
        long noSuchSite = -siteId;

        assertThatThrownBy(() -> backups.recordOrRemove(new NewBackup(noSuchSite, null, BackupKind.REQUESTED, "",
                archive)))
                .isInstanceOf(BackupFailedException.class)
                .hasMessageContaining("could not be recorded")
                .hasMessageContaining("its archive " + archive.path().getFileName() + " was deleted");
        assertThat(archive.path()).doesNotExist();
        assertThat(backups.listForSite(noSuchSite)).isEmpty();
    }

    @Test
    void aBackupThatFailsItsCheckIsMarkedDamagedAndNoLongerOfferedForRestore() throws Exception {
        BackupInfo sound = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, "sound",
                archive("records.example.com", Instant.parse("2025-11-23T08:00:00Z"))));
        BackupInfo broken = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, "broken",
                archive("records.example.com", Instant.parse("2025-11-24T08:00:00Z"))));
        byte[] bytes = Files.readAllBytes(broken.path());
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(broken.path(), bytes);

        Verification soundCheck = backups.verify(sound);
        Verification brokenCheck = backups.verify(broken);

        assertThat(soundCheck.valid()).isTrue();
        assertThat(brokenCheck.valid()).isFalse();
        assertThat(backups.get(sound.id()).damaged()).isFalse();
        assertThat(backups.get(broken.id()).damage()).isEqualTo(brokenCheck.reason());
        assertThat(BackupService.notRestorable(backups.get(broken.id()))).get().asString().contains("is damaged");
        assertThat(backups.restoreChoices(siteId)).extracting(RestoreChoice::backupId).containsExactly(sound.id());
    }

    @Test
    void theSiteKeepsTheTimeOfItsNewestBackupAsBackupsAreRecordedAndDeleted() throws Exception {
        assertThat(lastBackupOfTheSite()).isNull();

        BackupInfo older = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.parse("2025-11-20T08:00:00Z"))));
        assertThat(lastBackupOfTheSite()).isEqualTo(older.createdAt());
        BackupInfo newer = backups.recordOrRemove(new NewBackup(siteId, null, BackupKind.AUTOMATED, null,
                archive("records.example.com", Instant.parse("2025-11-21T08:00:00Z"))));
        backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.parse("2025-11-19T08:00:00Z"))));
        assertThat(lastBackupOfTheSite()).as("an older backup recorded later").isEqualTo(newer.createdAt());

        backups.deleteBackups(siteId, List.of(newer.id()));
        assertThat(lastBackupOfTheSite()).as("the newest deleted: the next one").isEqualTo(older.createdAt());
        backups.deleteBackups(siteId, backups.listForSite(siteId).stream().map(BackupInfo::id).toList());
        assertThat(lastBackupOfTheSite()).as("none left").isNull();
    }

    private Instant lastBackupOfTheSite() {
        return jdbc.sql("SELECT last_backup_at FROM sites WHERE id = :id").param("id", siteId)
                .query((rs, row) -> rs.getTimestamp(1) == null ? null : rs.getTimestamp(1).toInstant()).list().get(0);
    }

    @Test
    void backupsAreListedNewestFirstWithADefaultDescriptionAndTheRestoreLabel() throws Exception {
        BackupInfo older = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, "  ",
                archive("records.example.com", Instant.parse("2025-11-20T08:00:00Z"))));
        BackupInfo newer = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, "Before the upgrade",
                archive("records.example.com", Instant.parse("2025-11-21T09:30:05Z"))));
        BackupInfo automated = backups.record(new NewBackup(siteId, null, BackupKind.AUTOMATED, null,
                archive("records.example.com", Instant.parse("2025-11-19T02:00:00Z"))));

        assertThat(backups.listForSite(siteId)).containsExactly(newer, older, automated);
        assertThat(older.description()).isEqualTo("Generated on request");
        assertThat(automated.description()).isEqualTo("Automated backup");
        assertThat(backups.find(newer.id())).contains(newer);
        assertThat(newer.sha256()).hasSize(64);
        assertThat(backups.restoreChoices(siteId)).extracting(RestoreChoice::label).first().asString()
                .matches("2025-11-21 09:30:05 UTC - \\d+(\\.\\d)? (bytes|KB) - Before the upgrade");
    }

    @Test
    void theRestoreListSkipsBackupsWhoseFileIsGone() throws Exception {
        assertThat(backups.restoreChoices(siteId)).isEmpty();
        assertThat(BackupService.NO_VALID_BACKUPS).isEqualTo("There are no valid backups available.");

        BackupInfo kept = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.parse("2025-11-20T08:00:00Z"))));
        BackupInfo lost = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.parse("2025-11-21T08:00:00Z"))));
        Files.delete(lost.path());

        assertThat(backups.restoreChoices(siteId)).extracting(RestoreChoice::backupId).containsExactly(kept.id());
    }

    @Test
    void deletingABackupRemovesItsFileAndRecord() throws Exception {
        BackupInfo backup = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.now())));

        backups.delete(backup.id());

        assertThat(backup.path()).doesNotExist();
        assertThat(backups.find(backup.id())).isEmpty();
        assertThatThrownBy(() -> backups.delete(backup.id())).isInstanceOf(BackupNotFoundException.class);
    }

    @Test
    void backupDeleteRefusesABackupOfAnotherSiteAndDeletesNothing() throws Exception {
        long otherSite = fixtures.site("other.example.com", "ENABLED");
        BackupInfo mine = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.now())));
        BackupInfo theirs = backups.record(new NewBackup(otherSite, null, BackupKind.REQUESTED, null,
                archive("other.example.com", Instant.now())));

        assertThatThrownBy(() -> backups.deleteBackups(siteId, List.of(mine.id(), theirs.id())))
                .isInstanceOf(BackupNotFoundException.class);
        assertThat(mine.path()).exists();
        assertThat(backups.find(mine.id())).isPresent();

        assertThat(backups.deleteBackups(siteId, List.of(mine.id()))).containsExactly(new BackupDeletion(mine.id(),
                mine.fileName(), mine.size(), BackupDeletion.Outcome.DELETED));
        assertThat(mine.path()).doesNotExist();
        assertThat(theirs.path()).exists();
        assertThat(backups.hasBackups(siteId)).isFalse();
        assertThat(backups.hasBackups(otherSite)).isTrue();
    }

    @Test
    void backupDeleteReportsEachBackupAndTakesWhatIsGoneAlreadyInItsStride() throws Exception {
        BackupInfo present = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.parse("2025-11-20T08:00:00Z"))));
        BackupInfo fileGone = backups.record(new NewBackup(siteId, null, BackupKind.AUTOMATED, null,
                archive("records.example.com", Instant.parse("2025-11-21T08:00:00Z"))));
        BackupInfo kept = backups.record(new NewBackup(siteId, null, BackupKind.AUTOMATED, null,
                archive("records.example.com", Instant.parse("2025-11-22T08:00:00Z"))));
        Files.delete(fileGone.path());
        BackupInfo gone = backups.record(new NewBackup(siteId, null, BackupKind.AUTOMATED, null,
                archive("records.example.com", Instant.parse("2025-11-19T08:00:00Z"))));
        backups.delete(gone.id());
        long goneId = gone.id();
        List<BackupDeletion> reported = new java.util.ArrayList<>();

        List<BackupDeletion> done = backups.deleteBackups(siteId, List.of(present.id(), fileGone.id(), goneId,
                present.id()), reported::add);

        assertThat(reported).isEqualTo(done);
        assertThat(done).extracting(BackupDeletion::outcome).containsExactly(BackupDeletion.Outcome.DELETED,
                BackupDeletion.Outcome.FILE_ALREADY_GONE, BackupDeletion.Outcome.ALREADY_GONE);
        assertThat(done.get(0).message()).isEqualTo("Deleted " + present.fileName() + " (" + present.humanSize() + ")");
        assertThat(done.get(0).warning()).isFalse();
        assertThat(done.get(1).message()).isEqualTo("The file " + fileGone.fileName()
                + " was already gone; its record is removed");
        assertThat(done.get(2).message()).isEqualTo("Backup " + goneId + " is already gone");
        assertThat(done.subList(1, 3)).allMatch(BackupDeletion::warning);
        assertThat(backups.listForSite(siteId)).containsExactly(kept);
        assertThat(present.path()).doesNotExist();
        assertThat(kept.path()).exists();
    }

    @Test
    void adminsDownloadABackupAsAStreamedAttachment() throws Exception {
        BackupInfo backup = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.now())));

        byte[] body = mvc.perform(get("/backups/{id}/download", backup.id()).with(user("admin").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Disposition",
                        "attachment; filename=\"" + backup.fileName() + "\""))
                .andExpect(header().string("Content-Type", "application/gzip"))
                .andReturn().getResponse().getContentAsByteArray();

        assertThat(body).isEqualTo(Files.readAllBytes(backup.path()));
        assertThat(jdbc.sql("SELECT count(*) FROM audit_log WHERE action = 'backup.download' AND target_id = :id")
                .param("id", siteId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void everyoneButAdminsGetsNotFoundForADownload() throws Exception {
        BackupInfo backup = backups.record(new NewBackup(siteId, null, BackupKind.REQUESTED, null,
                archive("records.example.com", Instant.now())));

        mvc.perform(get("/backups/{id}/download", backup.id()).with(user("op").roles("OPERATOR")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/backups/{id}/download", backup.id()).with(user("client").roles("CLIENT")))
                .andExpect(status().isNotFound());
        mvc.perform(get("/backups/{id}/download", backup.id()))
                .andExpect(status().is3xxRedirection());
        mvc.perform(get("/backups/{id}/download", 999_999).with(user("admin").roles("ADMIN")))
                .andExpect(status().isNotFound());
        Files.delete(backup.path());
        mvc.perform(get("/backups/{id}/download", backup.id()).with(user("admin").roles("ADMIN")))
                .andExpect(status().isNotFound());
    }

    @Test
    void theFreeSpaceCheckSaysHowMuchIsNeededAndAvailable() {
        space.check(1024, 1024);

        long available = space.available();
        assertThatThrownBy(() -> space.check(available, 10L * 1024 * 1024))
                .isInstanceOf(NotEnoughSpaceException.class)
                .hasMessageStartingWith("Not enough free space for the backup in " + archiver.backupsDirectory()
                        + ": it needs about ")
                .hasMessageContaining("database 10.0 MB counted twice")
                .hasMessageContaining("is available.")
                .satisfies(e -> assertThat(((NotEnoughSpaceException) e).needed())
                        .isEqualTo(available + 20L * 1024 * 1024 + BackupSpace.MARGIN));
    }

    @Test
    void theFolderSizeCountsFilesNotLinks(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.write(dir.resolve("a"), new byte[1000]);
        Files.createDirectories(dir.resolve("sub"));
        Files.write(dir.resolve("sub/b"), new byte[234]);
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("a"));

        assertThat(BackupSpace.folderSize(dir)).isEqualTo(1234);
    }
}
