package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupVerifierTests {

    @TempDir
    Path work;

    final BackupVerifier verifier = new BackupVerifier();
    BackupArchive archive;

    @BeforeEach
    void writeABackup() throws Exception {
        BackupArchiver archiver = BackupArchiver.standalone(work.resolve("backups"),
                Clock.fixed(BackupArchiverTests.NOW, ZoneOffset.UTC), new ArchiveSettings(6, 2));
        byte[] dump = BackupArchiverTests.dump();
        archive = archiver.create("example.com", SiteFolder.local(SiteFolders.sample(work)), out -> out.write(dump));
    }

    @Test
    void anIntactBackupIsTrustedWithItsEntriesAndDatabaseSize() {
        Verification verification = verifier.verify(archive.path(), archive.sha256());

        assertThat(verification.valid()).isTrue();
        assertThat(verification.reason()).isNull();
        assertThat(verification.entries()).isEqualTo(archive.entries());
        assertThat(verification.databaseBytes()).isEqualTo(archive.databaseBytes());
        assertThat(verification.sha256()).isEqualTo(archive.sha256());
    }

    @Test
    void aFileThatNoLongerMatchesItsRecordedChecksumIsRefused() {
        Verification verification = verifier.verify(archive.path(), "0".repeat(64));

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).startsWith("The checksum does not match the record (expected " + "0".repeat(64))
                .contains("the file has " + archive.sha256());
    }

    @Test
    void aCorruptedByteIsFoundEvenWithoutARecordedChecksum() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(archive.path().toFile(), "rw")) {
            long middle = file.length() / 2;
            file.seek(middle);
            int b = file.read();
            file.seek(middle);
            file.write(b ^ 0x5a);
        }

        Verification withRecord = verifier.verify(archive.path(), archive.sha256());
        Verification withoutRecord = verifier.verify(archive.path(), null);

        assertThat(withRecord.valid()).isFalse();
        assertThat(withRecord.reason()).startsWith("The checksum does not match the record").contains("damaged");
        assertThat(withoutRecord.valid()).isFalse();
        assertThat(withoutRecord.reason()).startsWith("The archive is");
    }

    @Test
    void aTruncatedArchiveIsRefusedAsTruncated() throws Exception {
        try (RandomAccessFile file = new RandomAccessFile(archive.path().toFile(), "rw")) {
            file.setLength(file.length() * 2 / 3);
        }

        Verification verification = verifier.verify(archive.path(), null);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).startsWith("The archive is truncated");
    }

    @Test
    void anArchiveCutAtAnEntryBoundaryIsRefusedForItsMissingEndMarker() throws Exception {
        Path cut = HostileArchives.tarGz(work.resolve("cut.tar.gz"), false, tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            HostileArchives.file(tar, "database.sql", "CREATE TABLE x (id INT);");
        });

        Verification verification = verifier.verify(cut, null);

        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).isEqualTo("The archive is truncated: the tar end-of-archive marker is missing.");
    }

    @Test
    void anArchiveWithoutDatabaseSqlIsRefused() throws Exception {
        Path noDump = HostileArchives.tarGz(work.resolve("nodump.tar.gz"), tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            HostileArchives.file(tar, "files/database.sql", "not at the top level");
        });

        assertThat(verifier.verify(noDump, null).reason()).isEqualTo("The archive has no database.sql at its top level.");
    }

    @Test
    void anArchiveWithAnUnsafeEntryIsRefused() throws Exception {
        Path hostile = HostileArchives.tarGz(work.resolve("hostile.tar.gz"), tar -> {
            HostileArchives.file(tar, "/etc/passwd", "root::0:0::/:/bin/sh");
            HostileArchives.file(tar, "database.sql", "");
        });

        assertThat(verifier.verify(hostile, null).reason())
                .isEqualTo("The archive has an unsafe entry: the entry '/etc/passwd' has an absolute path.");
    }

    @Test
    void anArchiveWithADeviceFileOrALinkOutOfTheFolderIsRefused() throws Exception {
        Path device = HostileArchives.tarGz(work.resolve("device.tar.gz"), tar -> {
            HostileArchives.device(tar, "files/null");
            HostileArchives.file(tar, "database.sql", "");
        });
        Path link = HostileArchives.tarGz(work.resolve("link.tar.gz"), tar -> {
            HostileArchives.link(tar, "files/etc", org.apache.commons.compress.archivers.tar.TarConstants.LF_SYMLINK, "/etc");
            HostileArchives.file(tar, "database.sql", "");
        });

        assertThat(verifier.verify(device, null).reason()).contains("'files/null' is a device file");
        assertThat(verifier.verify(link, null).reason()).contains("'files/etc' points outside the folder");
    }

    @Test
    void aMissingFileOrOneThatIsNotGzipIsRefused() throws Exception {
        assertThat(verifier.verify(work.resolve("gone.tar.gz"), null).reason()).contains("does not exist");

        Path text = Files.writeString(work.resolve("text.tar.gz"), "just text");
        Verification verification = verifier.verify(text, null);
        assertThat(verification.valid()).isFalse();
        assertThat(verification.reason()).startsWith("The archive is damaged");
    }
}
