package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import dev.bosun.backup.internal.DatabaseIndex;
import dev.bosun.test.RequiresProgram;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupArchiverTests {

    static final Instant NOW = Instant.parse("2025-11-26T15:35:02Z");

    @TempDir
    Path work;

    final BackupVerifier verifier = new BackupVerifier();
    final BackupUnpacker unpacker = new BackupUnpacker();

    BackupArchiver archiver(int threads) {
        return BackupArchiver.standalone(work.resolve("backups"), Clock.fixed(NOW, ZoneOffset.UTC),
                new ArchiveSettings(6, threads));
    }

    static byte[] dump() {
        StringBuilder sql = new StringBuilder("-- MariaDB dump\nCREATE TABLE node (nid INT, title TEXT);\n");
        for (int i = 0; i < 60_000; i++) {
            sql.append("INSERT INTO node VALUES (").append(i).append(", 'Title ").append(i * 7919 % 1000).append("');\n");
        }
        return sql.toString().getBytes(StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0} compression thread(s)")
    @ValueSource(ints = {1, 3})
    void roundTripGivesBackTheSameFilesModesEmptyFoldersLinksAndDatabaseSql(int threads) throws Exception {
        Path site = SiteFolders.sample(work);
        byte[] dump = dump();

        BackupArchive archive = archiver(threads).create("example.com", SiteFolder.local(site),
                out -> out.write(dump));

        assertThat(archive.fileName()).isEqualTo("example.com-20251126.153502.tar.gz");
        assertThat(archive.size()).isEqualTo(Files.size(archive.path()));
        assertThat(archive.sha256()).isEqualTo(SiteFolders.sha(Files.readAllBytes(archive.path())));
        assertThat(archive.databaseBytes()).isEqualTo(dump.length);
        assertThat(archive.warnings()).isEmpty();
        Verification verification = verifier.verify(archive.path(), archive.sha256());
        assertThat(verification.reason()).isNull();
        assertThat(verification.valid()).isTrue();

        ByteArrayOutputStream imported = new ByteArrayOutputStream();
        Unpacked unpacked = unpacker.unpack(archive.path(), work.resolve("restored"), sql -> sql.transferTo(imported));

        SiteFolders.assertSameTree(work.resolve("restored"), site);
        assertThat(imported.toByteArray()).isEqualTo(dump);
        assertThat(unpacked.databaseSql()).isTrue();
        assertThat(unpacked.links()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0} compression thread(s)")
    @ValueSource(ints = {1, 3})
    void theArchiveEndsWithAnIndexOfWhereDatabaseSqlBegins(int threads) throws Exception {
        Path site = SiteFolders.sample(work);
        byte[] dump = dump();

        BackupArchive archive = archiver(threads).create("example.com", SiteFolder.local(site), out -> out.write(dump));

        long offset;
        try (FileChannel channel = FileChannel.open(archive.path())) {
            offset = DatabaseIndex.read(channel).orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(archive.path());
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new ByteArrayInputStream(bytes, (int) offset, bytes.length - (int) offset), true))) {
            TarArchiveEntry first = tar.getNextEntry();
            assertThat(first.getName()).isEqualTo("database.sql");
            assertThat(tar.readAllBytes()).isEqualTo(dump);
            assertThat(tar.getNextEntry()).isNull();
        }
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(
                new ByteArrayInputStream(bytes, 0, (int) offset), true))) {
            List<String> names = new java.util.ArrayList<>();
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
            assertThat(names).isNotEmpty().doesNotContain("database.sql").contains("settings.php");
        }
    }

    @Test
    @RequiresProgram("tar")
    void gnuTarListsOnlyTheSiteFolderAndDatabaseSqlAndExtractsTheSameTree() throws Exception {
        Path site = SiteFolders.sample(work);
        Files.writeString(site.resolve("database.sql"), "an old dump left in the site folder");
        byte[] dump = dump();

        BackupArchive archive = archiver(2).create("example.com", SiteFolder.local(site), out -> out.write(dump));

        List<String> listed = run(work, "tar", "-tzf", archive.path().toString()).lines()
                .map(name -> name.endsWith("/") ? name.substring(0, name.length() - 1) : name).sorted().toList();
        Files.delete(site.resolve("database.sql"));
        List<String> expected;
        try (Stream<Path> paths = Files.walk(site)) {
            // "." is the folder's own entry, with its mode, as tar -C <folder> -c . writes it
            expected = Stream.concat(paths.map(p -> p.equals(site) ? "." : site.relativize(p).toString()),
                    Stream.of("database.sql")).sorted().toList();
        }
        assertThat(listed).isEqualTo(expected);
        assertThat(archive.warnings()).singleElement().asString().contains("site folder's own database.sql");

        Path extracted = Files.createDirectories(work.resolve("gnu"));
        run(work, "tar", "-xzpf", archive.path().toString(), "-C", extracted.toString());
        assertThat(Files.readAllBytes(extracted.resolve("database.sql"))).isEqualTo(dump);
        Files.delete(extracted.resolve("database.sql"));
        SiteFolders.assertSameTree(extracted, site);
    }

    @Test
    @RequiresProgram("tar")
    void aTarStreamOfTheFolderFromTheShellIsRepackedLikeTheFolderItself() throws Exception {
        Path site = SiteFolders.sample(work);
        byte[] dump = dump();
        Process tar = new ProcessBuilder("tar", "-c", "-C", site.toString(), ".")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();

        BackupArchive archive;
        try (PendingArchive pending = archiver(2).write("example.com", SiteFolder.tarStream(tar.getInputStream()),
                out -> out.write(dump))) {
            assertThat(tar.waitFor()).isZero();
            archive = pending.commit();
        }

        ByteArrayOutputStream imported = new ByteArrayOutputStream();
        unpacker.unpack(archive.path(), work.resolve("restored"), sql -> sql.transferTo(imported));
        SiteFolders.assertSameTree(work.resolve("restored"), site);
        assertThat(imported.toByteArray()).isEqualTo(dump);
    }

    @Test
    void aHostileTarStreamFailsTheBackupAndLeavesNoFile() throws Exception {
        byte[] hostile = HostileArchives.tar(tar -> HostileArchives.file(tar, "../../etc/cron.d/evil", "* * * * * root sh"));

        assertThatThrownBy(() -> archiver(1).create("example.com",
                SiteFolder.tarStream(new java.io.ByteArrayInputStream(hostile)), out -> out.write(dump())))
                .isInstanceOf(BackupFailedException.class)
                .hasMessageContaining("unsafe entry")
                .hasMessageContaining("goes up with '..'");
        assertThat(listBackups()).isEmpty();
    }

    @Test
    void devicesAndPipesInATarStreamAreLeftOutWithAWarning() throws Exception {
        byte[] stream = HostileArchives.tar(tar -> {
            HostileArchives.file(tar, "./settings.php", "<?php");
            HostileArchives.device(tar, "./files/null");
        });

        BackupArchive archive = archiver(1).create("example.com",
                SiteFolder.tarStream(new java.io.ByteArrayInputStream(stream)), out -> out.write(dump()));

        assertThat(archive.warnings()).containsExactly(
                "Left out files/null: not a file, folder or link (a socket, pipe or device).");
        assertThat(archive.entries()).isEqualTo(2);
        assertThat(verifier.verify(archive.path(), archive.sha256()).valid()).isTrue();
    }

    @Test
    void aFailingDumpFailsTheBackupWithTheDumpsMessageAndLeavesNoFile() throws Exception {
        Path site = SiteFolders.sample(work);

        assertThatThrownBy(() -> archiver(2).create("example.com", SiteFolder.local(site), out -> {
            out.write("-- partial".getBytes(StandardCharsets.UTF_8));
            throw new IOException("mariadb-dump exited with 2: Access denied for user 'site'");
        }))
                .isInstanceOf(BackupFailedException.class)
                .hasMessage("The database dump failed: mariadb-dump exited with 2: Access denied for user 'site'");
        assertThat(listBackups()).isEmpty();
    }

    @Test
    void aMissingSiteFolderFailsTheBackupWithAClearMessage() {
        assertThatThrownBy(() -> archiver(1).create("example.com", SiteFolder.local(work.resolve("nowhere")),
                out -> out.write(dump())))
                .isInstanceOf(BackupFailedException.class)
                .hasMessageContaining("does not exist or is not a folder");
        assertThat(listBackups()).isEmpty();
    }

    @Test
    void anUncommittedArchiveIsThrownAwayAndASecondBackupInTheSameSecondGetsASuffix() throws Exception {
        Path site = SiteFolders.sample(work);
        try (PendingArchive ignored = archiver(1).write("example.com", SiteFolder.local(site), out -> out.write(dump()))) {
            assertThat(listBackups()).singleElement().asString().startsWith(".example.com-20251126.153502-");
        }
        assertThat(listBackups()).isEmpty();

        BackupArchive first = archiver(1).create("example.com", SiteFolder.local(site), out -> out.write(dump()));
        BackupArchive second = archiver(1).create("example.com", SiteFolder.local(site), out -> out.write(dump()));

        assertThat(first.fileName()).isEqualTo("example.com-20251126.153502.tar.gz");
        assertThat(second.fileName()).isEqualTo("example.com-20251126.153502_1.tar.gz");
        assertThat(listBackups()).containsExactly(first.fileName(), second.fileName());
    }

    @Test
    void archivesAndTheBackupsFolderAreReadableByTheirOwnerOnly() throws Exception {
        BackupArchive archive = archiver(1).create("example.com", SiteFolder.local(SiteFolders.sample(work)),
                out -> out.write(dump()));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.path()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(archive.path().getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aNameThatIsNotADomainIsRefusedBeforeAnythingIsWritten() {
        for (String bad : List.of("../etc", "Example.com", "a/b", "", "-x.com")) {
            assertThatThrownBy(() -> archiver(1).create(bad, SiteFolder.local(work), out -> { }))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a domain name");
        }
        assertThat(Files.exists(work.resolve("backups"))).isFalse();
    }

    @Test
    void aDumpGivenAsAStreamIsReadToTheEnd() throws Exception {
        byte[] dump = dump();
        BackupArchive archive = archiver(2).create("example.com", SiteFolder.local(SiteFolders.sample(work)),
                DatabaseDump.of(new java.io.ByteArrayInputStream(dump)));
        ByteArrayOutputStream imported = new ByteArrayOutputStream();
        unpacker.unpack(archive.path(), work.resolve("restored"), sql -> sql.transferTo(imported));
        assertThat(imported.toByteArray()).isEqualTo(dump);
    }

    private List<String> listBackups() {
        Path dir = work.resolve("backups");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String[] names = dir.toFile().list();
        Arrays.sort(names);
        return List.of(names);
    }

    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output;
        try (InputStream in = process.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
        return output;
    }

    @Test
    void theSiteFoldersOwnModeTravelsWithTheArchive() throws Exception {
        Path site = SiteFolders.sample(work);
        java.nio.file.attribute.PosixFileAttributeView view = Files.getFileAttributeView(site,
                java.nio.file.attribute.PosixFileAttributeView.class);
        view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));

        BackupArchive archive = archiver(1).create("example.com", SiteFolder.local(site), out -> out.write(dump()));
        Path restored = work.resolve("restored");
        unpacker.unpack(archive.path(), restored, sql -> sql.transferTo(ByteArrayOutputStream.nullOutputStream()));

        view.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(restored)))
                .as("Drupal's read-only site folder comes back read-only").isEqualTo("r-xr-xr-x");
        assertThat(verifier.verify(archive.path(), archive.sha256()).valid()).isTrue();
    }

    @Test
    void aRemoteFoldersModeFromItsTarStreamTravelsToo() throws Exception {
        byte[] stream = HostileArchives.tar(tar -> {
            org.apache.commons.compress.archivers.tar.TarArchiveEntry root =
                    new org.apache.commons.compress.archivers.tar.TarArchiveEntry("./",
                            org.apache.commons.compress.archivers.tar.TarConstants.LF_DIR, true);
            root.setMode(0550);
            tar.putArchiveEntry(root);
            tar.closeArchiveEntry();
            HostileArchives.file(tar, "./settings.php", "<?php");
        });

        BackupArchive archive = archiver(1).create("example.com",
                SiteFolder.tarStream(new java.io.ByteArrayInputStream(stream)), out -> out.write(dump()));
        Path restored = work.resolve("restored");
        unpacker.unpack(archive.path(), restored, sql -> sql.transferTo(ByteArrayOutputStream.nullOutputStream()));

        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(restored)))
                .isEqualTo("r-xr-x---");
        assertThat(restored.resolve("settings.php")).hasContent("<?php");
    }
}
