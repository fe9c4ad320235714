package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackupUnpackerTests {

    @TempDir
    Path work;

    final BackupUnpacker unpacker = new BackupUnpacker();

    static Stream<Arguments> hostileArchives() {
        return Stream.of(
                Arguments.of("absolute path", (HostileArchives.Entries) tar ->
                        HostileArchives.file(tar, "/tmp/bosun-evil", "x"), "has an absolute path"),
                Arguments.of("parent folder", (HostileArchives.Entries) tar ->
                        HostileArchives.file(tar, "files/../../outside.txt", "x"), "goes up with '..'"),
                Arguments.of("absolute link", (HostileArchives.Entries) tar ->
                        HostileArchives.link(tar, "files/etc", TarConstants.LF_SYMLINK, "/etc"), "points outside the folder"),
                Arguments.of("link up and out", (HostileArchives.Entries) tar ->
                        HostileArchives.link(tar, "files/up", TarConstants.LF_SYMLINK, "../../outside"), "points outside the folder"),
                Arguments.of("write through a link", (HostileArchives.Entries) tar -> {
                    HostileArchives.directory(tar, "inside/");
                    HostileArchives.link(tar, "alias", TarConstants.LF_SYMLINK, "inside");
                    HostileArchives.file(tar, "alias/file.txt", "x");
                }, "would be written through the link 'alias'"),
                Arguments.of("links chained out", (HostileArchives.Entries) tar -> {
                    HostileArchives.directory(tar, "d/");
                    HostileArchives.link(tar, "d/s", TarConstants.LF_SYMLINK, "..");
                    HostileArchives.link(tar, "t", TarConstants.LF_SYMLINK, "d/s/../outside");
                }, "leads outside the folder"),
                Arguments.of("hard link out", (HostileArchives.Entries) tar ->
                        HostileArchives.link(tar, "passwd", TarConstants.LF_LINK, "../../../etc/passwd"), "goes up with '..'"),
                Arguments.of("hard link absolute", (HostileArchives.Entries) tar ->
                        HostileArchives.link(tar, "passwd", TarConstants.LF_LINK, "/etc/passwd"), "has an absolute path"),
                Arguments.of("device file", (HostileArchives.Entries) tar ->
                        HostileArchives.device(tar, "files/null"), "is a device file"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void aHostileEntryIsRefusedAndNothingIsLeftBehind(String what, HostileArchives.Entries hostile, String reason)
            throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("hostile.tar.gz"), tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            hostile.write(tar);
            HostileArchives.file(tar, "database.sql", "SELECT 1;");
        });
        assertRefused(archive, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileArchives")
    void aHostileEntryIsRefusedAlsoWhenTheImportRunsAlongside(String what, HostileArchives.Entries hostile,
                                                              String reason) throws Exception {
        Path archive = HostileArchives.indexedTarGz(work.resolve("hostile.tar.gz"), tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            hostile.write(tar);
        }, "SELECT 1;");
        assertRefused(archive, reason);
    }

    private void assertRefused(Path archive, String reason) {
        Path target = work.resolve("sites/restored");

        assertThatThrownBy(() -> unpacker.unpack(archive, target, sql -> sql.transferTo(ByteArrayOutputStream.nullOutputStream())))
                .isInstanceOf(BackupArchiveException.class)
                .hasMessageContaining(reason)
                .hasMessageEndingWith("Nothing was unpacked.");
        assertThat(target).doesNotExist();
        assertThat(work.resolve("outside")).doesNotExist();
        assertThat(work.resolve("sites/outside")).doesNotExist();
        assertThat(work.resolve("outside.txt")).doesNotExist();
    }

    @Test
    void anIndexedArchiveUnpacksTheSameAsOneReadInOnePass() throws Exception {
        HostileArchives.Entries files = tar -> {
            HostileArchives.directory(tar, "files/");
            for (int i = 0; i < 50; i++) {
                HostileArchives.file(tar, "files/f" + i + ".txt", "file " + i + " ".repeat(i * 997));
            }
            HostileArchives.file(tar, "files/big.bin", "b".repeat(3 << 20));
            HostileArchives.link(tar, "files/same.txt", TarConstants.LF_LINK, "files/f7.txt");
            HostileArchives.link(tar, "current", TarConstants.LF_SYMLINK, "files/f3.txt");
            HostileArchives.file(tar, "settings.php", "<?php");
        };
        String sql = "CREATE TABLE node (nid INT);\n".repeat(20_000);
        Path indexed = HostileArchives.indexedTarGz(work.resolve("indexed.tar.gz"), files, sql);
        Path plain = HostileArchives.tarGz(work.resolve("plain.tar.gz"), tar -> {
            files.write(tar);
            HostileArchives.file(tar, "database.sql", sql);
        });
        Thread caller = Thread.currentThread();
        ByteArrayOutputStream fromIndexed = new ByteArrayOutputStream();
        ByteArrayOutputStream fromPlain = new ByteArrayOutputStream();

        Unpacked one = unpacker.unpack(indexed, work.resolve("one"), in -> {
            assertThat(Thread.currentThread()).as("the import runs on the caller's thread").isSameAs(caller);
            in.transferTo(fromIndexed);
        });
        Unpacked other = unpacker.unpack(plain, work.resolve("other"), in -> in.transferTo(fromPlain));

        assertThat(fromIndexed.toString(StandardCharsets.UTF_8)).isEqualTo(sql);
        assertThat(fromPlain.toString(StandardCharsets.UTF_8)).isEqualTo(sql);
        SiteFolders.assertSameTree(work.resolve("one"), work.resolve("other"));
        assertThat(one).usingRecursiveComparison().ignoringFields("target").isEqualTo(other);
        assertThat(one.files()).isEqualTo(53);
        assertThat(work.resolve("one/files/f49.txt")).hasContent("file 49" + " ".repeat(49 * 997));
        assertThat(work.resolve("one/database.sql")).doesNotExist();
    }

    @Test
    void theImportStartsBeforeTheFilesAreDoneAndARefusedFileStopsIt() throws Exception {
        Path archive = HostileArchives.indexedTarGz(work.resolve("late.tar.gz"), tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            HostileArchives.file(tar, "files/big.txt", "Lorem ipsum dolor sit amet. ".repeat(200_000));
            HostileArchives.file(tar, "../evil", "x");
        }, "SELECT 1;\n".repeat(500_000));
        boolean[] importStarted = {false};

        assertThatThrownBy(() -> unpacker.unpack(archive, work.resolve("site"), sql -> {
            importStarted[0] = true;
            sql.transferTo(ByteArrayOutputStream.nullOutputStream());
        }))
                .isInstanceOf(BackupArchiveException.class)
                .hasMessageContaining("goes up with '..'");
        assertThat(importStarted[0]).as("one pass would refuse the archive before the import").isTrue();
        assertThat(work.resolve("site")).doesNotExist();
    }

    @Test
    void aFailingImportStopsTheFilesAndCleansTheFolder() throws Exception {
        Path archive = HostileArchives.indexedTarGz(work.resolve("site.tar.gz"), tar -> {
            for (int i = 0; i < 500; i++) {
                HostileArchives.file(tar, "files/d" + (i % 20) + "/f" + i + ".txt", "x".repeat(10_000));
            }
        }, "SELECT 1;");

        assertThatThrownBy(() -> unpacker.unpack(archive, work.resolve("site"), sql -> {
            throw new IllegalStateException("mariadb exited with 1: ERROR 1064 (42000) at line 1");
        }))
                .isInstanceOf(BackupArchiveException.class)
                .hasMessage("Reading database.sql from the archive failed: mariadb exited with 1: ERROR 1064 (42000) at line 1");
        assertThat(work.resolve("site")).doesNotExist();
    }

    @Test
    void anIndexThatDoesNotPointAtDatabaseSqlIsIgnored() throws Exception {
        Path archive = HostileArchives.indexedTarGz(work.resolve("site.tar.gz"), 1,
                tar -> HostileArchives.file(tar, "settings.php", "<?php"),
                tar -> HostileArchives.file(tar, "files/a.txt", "a"),
                tar -> HostileArchives.file(tar, "database.sql", "SELECT 1;"));
        ByteArrayOutputStream imported = new ByteArrayOutputStream();

        unpacker.unpack(archive, work.resolve("site"), sql -> sql.transferTo(imported));

        assertThat(imported.toString(StandardCharsets.UTF_8)).isEqualTo("SELECT 1;");
        assertThat(work.resolve("site/files/a.txt")).hasContent("a");
        assertThat(work.resolve("site/settings.php")).hasContent("<?php");
    }

    @Test
    void withAnIndexEntriesAfterDatabaseSqlAndASecondDatabaseSqlAreRefused() throws Exception {
        Path after = HostileArchives.indexedTarGz(work.resolve("after.tar.gz"), 1,
                tar -> HostileArchives.file(tar, "settings.php", "<?php"),
                tar -> {
                    HostileArchives.file(tar, "database.sql", "SELECT 1;");
                    HostileArchives.file(tar, "late.php", "<?php");
                });
        Path twice = HostileArchives.indexedTarGz(work.resolve("twice.tar.gz"),
                tar -> HostileArchives.file(tar, "database.sql", "SELECT 'other';"), "SELECT 1;");

        assertThatThrownBy(() -> unpacker.unpack(after, work.resolve("after"), sql -> sql.readAllBytes()))
                .hasMessage("The archive has entries after database.sql. Nothing was unpacked.");
        assertThatThrownBy(() -> unpacker.unpack(twice, work.resolve("twice"), sql -> sql.readAllBytes()))
                .hasMessageContaining("a second database.sql");
        assertThat(work.resolve("after")).doesNotExist();
        assertThat(work.resolve("twice")).doesNotExist();
    }

    @Test
    void linksThatStayInsideAreUnpacked() throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("fine.tar.gz"), tar -> {
            HostileArchives.directory(tar, "files/");
            HostileArchives.file(tar, "files/a.txt", "a");
            HostileArchives.link(tar, "files/b.txt", TarConstants.LF_LINK, "files/a.txt");
            HostileArchives.link(tar, "files/settings.php", TarConstants.LF_SYMLINK, "../settings.php");
            HostileArchives.file(tar, "settings.php", "<?php");
            HostileArchives.file(tar, "database.sql", "SELECT 1;");
        });

        Unpacked unpacked = unpacker.unpack(archive, work.resolve("site"), null);

        assertThat(Files.readString(work.resolve("site/files/b.txt"))).isEqualTo("a");
        assertThat(Files.readString(work.resolve("site/files/settings.php"))).isEqualTo("<?php");
        assertThat(Files.isSymbolicLink(work.resolve("site/files/settings.php"))).isTrue();
        assertThat(unpacked.links()).isEqualTo(1);
        assertThat(unpacked.files()).isEqualTo(4);
    }

    @Test
    void databaseSqlGoesToTheReaderOrElseIntoTheFolder() throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("site.tar.gz"), tar -> {
            HostileArchives.file(tar, "./settings.php", "<?php");
            HostileArchives.file(tar, "./database.sql", "CREATE TABLE node (nid INT);");
        });

        ByteArrayOutputStream imported = new ByteArrayOutputStream();
        unpacker.unpack(archive, work.resolve("streamed"), sql -> sql.transferTo(imported));
        unpacker.unpack(archive, work.resolve("written"), null);

        assertThat(imported.toString(StandardCharsets.UTF_8)).isEqualTo("CREATE TABLE node (nid INT);");
        assertThat(work.resolve("streamed/database.sql")).doesNotExist();
        assertThat(work.resolve("written/database.sql")).hasContent("CREATE TABLE node (nid INT);");
    }

    @Test
    void aFailingImportRefusesTheArchiveAndCleansTheFolder() throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("site.tar.gz"), tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            HostileArchives.file(tar, "database.sql", "SELECT 1;");
        });

        assertThatThrownBy(() -> unpacker.unpack(archive, work.resolve("site"), sql -> {
            throw new IllegalStateException("mariadb exited with 1: ERROR 1064 (42000) at line 1");
        }))
                .isInstanceOf(BackupArchiveException.class)
                .hasMessage("Reading database.sql from the archive failed: mariadb exited with 1: ERROR 1064 (42000) at line 1");
        assertThat(work.resolve("site")).doesNotExist();
    }

    @Test
    void aTruncatedArchiveIsRefusedAndCleanedUp() throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("site.tar.gz"), tar -> {
            HostileArchives.file(tar, "settings.php", "<?php");
            HostileArchives.file(tar, "files/big.txt", "Lorem ipsum dolor sit amet. ".repeat(200_000));
            HostileArchives.file(tar, "database.sql", "SELECT 1;");
        });
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        assertThatThrownBy(() -> unpacker.unpack(archive, work.resolve("site"), null))
                .isInstanceOf(BackupArchiveException.class)
                .hasMessageContaining("truncated");
        assertThat(work.resolve("site")).doesNotExist();
    }

    @Test
    void anArchiveWithoutDatabaseSqlIsRefused() throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("site.tar.gz"),
                tar -> HostileArchives.file(tar, "settings.php", "<?php"));

        assertThatThrownBy(() -> unpacker.unpack(archive, work.resolve("site"), null))
                .hasMessage("The archive has no database.sql at its top level.");
        assertThat(work.resolve("site")).doesNotExist();
    }

    @Test
    void onlyAnEmptyFolderIsUnpackedIntoAndAnExistingEmptyOneIsKeptOnFailure() throws Exception {
        Path archive = HostileArchives.tarGz(work.resolve("site.tar.gz"), tar -> {
            HostileArchives.file(tar, "../evil", "x");
            HostileArchives.file(tar, "database.sql", "");
        });
        Path used = Files.createDirectories(work.resolve("used"));
        Files.writeString(used.resolve("keep.txt"), "mine");
        Path empty = Files.createDirectories(work.resolve("empty"));

        assertThatThrownBy(() -> unpacker.unpack(archive, used, null)).hasMessageContaining("is not empty");
        assertThat(used.resolve("keep.txt")).hasContent("mine");
        assertThatThrownBy(() -> unpacker.unpack(archive, empty, null)).hasMessageContaining("unsafe entry");
        assertThat(Files.isDirectory(empty, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
