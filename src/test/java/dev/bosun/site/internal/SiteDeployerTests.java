package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import dev.bosun.backup.ArchiveSettings;
import dev.bosun.backup.BackupArchive;
import dev.bosun.backup.BackupArchiveException;
import dev.bosun.backup.BackupArchiver;
import dev.bosun.backup.BackupUnpacker;
import dev.bosun.backup.BackupVerifier;
import dev.bosun.backup.SiteFolder;
import dev.bosun.drupal.SiteLayout;
import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbServiceInfo;
import dev.bosun.server.DbType;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.ServerStatus;
import dev.bosun.server.Shell;
import dev.bosun.server.internal.ClientPrograms;
import dev.bosun.server.internal.DatabaseDriverFactory;
import dev.bosun.server.internal.LocalShell;
import dev.bosun.server.internal.RemoteShellFixture;
import dev.bosun.test.RequiresProgram;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deploying a backup archive on the master's shell, into the machine's MariaDB and PostgreSQL. */
@RequiresProgram({"mariadb|mysql", "psql"})
class SiteDeployerTests {

    private static final List<String> CLIENT_HOSTS = List.of("localhost", "127.0.0.1");
    private static final String DUMP = """
            CREATE TABLE notes (id INT PRIMARY KEY, body VARCHAR(100) NOT NULL);
            INSERT INTO notes (id, body) VALUES (1, 'first note'), (2, 'it''s quoted');
            """;

    @TempDir
    Path work;

    private Path tempDir;
    private Path docroot;
    private SiteDeployer deployer;
    private final List<Runnable> cleanUp = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        tempDir = Files.createDirectories(work.resolve("home/tmp"));
        docroot = Files.createDirectories(work.resolve("platform/web/sites")).getParent();
        deployer = new SiteDeployer(new BackupVerifier(), new BackupUnpacker(), tempDir);
    }

    @AfterEach
    void removeLeftovers() {
        cleanUp.forEach(Runnable::run);
    }

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB", "POSTGRESQL"})
    void deploysTheFolderAndANewDatabaseAndTakesThemAwayAgain(DbType type) throws Exception {
        DatabaseDriver db = driver(type);
        String domain = domain();
        Path source = siteFolder();
        BackupArchive archive = archive(domain, source, DUMP);
        DeployTarget target = DeployTarget.siteDirectory(new LocalShell("master"), new SiteLayout(docroot.toString(),
                domain), db, CLIENT_HOSTS);
        RecordingTaskRun run = RecordingTaskRun.any();

        Deployed deployed = deployer.deploy(archive.path(), archive.sha256(), target, run.log());
        cleanUp.add(() -> db.deprovision(deployed.credentials(), CLIENT_HOSTS));

        Path directory = Path.of(deployed.directory());
        assertThat(directory).isEqualTo(docroot.resolve("sites").resolve(domain));
        assertThat(contents(directory)).isEqualTo(contents(source));
        assertThat(directory.resolve("database.sql")).doesNotExist();
        assertThat(rows(deployed.credentials())).containsExactly("1 first note", "2 it's quoted");
        assertThat(deployed.credentials().database()).startsWith(domain.substring(0, 8).replace('-', '_'));
        assertThat(run.status()).isEqualTo("SUCCESS");
        assertThat(run.secrets()).contains(deployed.credentials().password());
        assertThat(run.text()).as("every line as written, before redaction").doesNotContain(deployed.credentials().password());
        assertThat(tempDir).as("the waiting dump is gone").isEmptyDirectory();

        deployer.remove(deployed, run.log());

        assertThat(directory).doesNotExist();
        assertThat(db.databaseExists(deployed.credentials().database())).isFalse();
        assertThat(db.userExists(deployed.credentials().user())).isFalse();
        deployer.remove(deployed, run.log());
        assertThat(run.status()).as("removing again tolerates what is gone").isEqualTo("SUCCESS");
    }

    @Test
    void deploysToARemoteWebServerOverSshAndRemovesItThere() throws Exception {
        DatabaseDriver db = driver(DbType.MARIADB);
        String domain = domain();
        Path source = siteFolder();
        BackupArchive archive = archive(domain, source, DUMP);
        try (RemoteShellFixture remote = RemoteShellFixture.start()) {
            Shell shell = remote.shell();
            assertThat(shell.isLocal()).isFalse();
            DeployTarget target = DeployTarget.siteDirectory(shell, new SiteLayout(docroot.toString(), domain), db,
                    CLIENT_HOSTS);
            RecordingTaskRun run = RecordingTaskRun.any();

            Deployed deployed = deployer.deploy(archive.path(), archive.sha256(), target, run.log());
            cleanUp.add(() -> db.deprovision(deployed.credentials(), CLIENT_HOSTS));

            assertThat(contents(Path.of(deployed.directory()))).isEqualTo(contents(source));
            assertThat(rows(deployed.credentials())).containsExactly("1 first note", "2 it's quoted");
            assertThat(tempDir).as("no staging copy or dump left on the master").isEmptyDirectory();
            assertThatThrownBy(() -> deployer.deploy(archive.path(), target, run.log()))
                    .as("the directory now exists on the server").hasMessageContaining("already exists");

            deployer.remove(deployed, run.log());

            assertThat(Path.of(deployed.directory())).doesNotExist();
            assertThat(db.databaseExists(deployed.credentials().database())).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB", "POSTGRESQL"})
    void aFailedImportLeavesNeitherDirectoryNorDatabase(DbType type) throws Exception {
        DatabaseDriver db = driver(type);
        String domain = domain();
        BackupArchive archive = archive(domain, siteFolder(), DUMP + "THIS IS NOT SQL;\n");
        DeployTarget target = DeployTarget.siteDirectory(new LocalShell("master"), new SiteLayout(docroot.toString(),
                domain), db, CLIENT_HOSTS);
        DbCredentials wouldBe = db.newCredentials(domain);
        RecordingTaskRun run = RecordingTaskRun.any();

        assertThatThrownBy(() -> deployer.deploy(archive.path(), archive.sha256(), target, run.log()))
                .hasMessageContaining("import into " + wouldBe.database());

        assertThat(Path.of(target.directory())).doesNotExist();
        assertThat(db.databaseExists(wouldBe.database())).isFalse();
        assertThat(db.userExists(wouldBe.user())).isFalse();
        assertThat(tempDir).isEmptyDirectory();
    }

    @ParameterizedTest
    @EnumSource(Damage.class)
    void aDamagedArchiveIsRefusedBeforeAnythingIsCreated(Damage damage) throws Exception {
        DatabaseDriver db = driver(DbType.MARIADB);
        String domain = domain();
        BackupArchive archive = archive(domain, siteFolder(), DUMP);
        damage.apply(archive.path());
        DeployTarget target = DeployTarget.siteDirectory(new LocalShell("master"), new SiteLayout(docroot.toString(),
                domain), db, CLIENT_HOSTS);
        DbCredentials wouldBe = db.newCredentials(domain);

        assertThatThrownBy(() -> deployer.deploy(archive.path(), archive.sha256(), target, RecordingTaskRun.any().log()))
                .isInstanceOf(BackupArchiveException.class)
                .hasMessageContaining("is refused").hasMessageContaining(damage.reason);

        assertThat(Path.of(target.directory())).doesNotExist();
        assertThat(db.databaseExists(wouldBe.database())).isFalse();
        assertThat(tempDir).isEmptyDirectory();
    }

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB"})
    void refusesADirectoryThatExistsAndLeavesItAlone(DbType type) throws Exception {
        DatabaseDriver db = driver(type);
        String domain = domain();
        BackupArchive archive = archive(domain, siteFolder(), DUMP);
        Path existing = Files.createDirectories(docroot.resolve("sites").resolve(domain));
        Files.writeString(existing.resolve("keep.txt"), "mine");
        DeployTarget target = DeployTarget.siteDirectory(new LocalShell("master"), new SiteLayout(docroot.toString(),
                domain), db, CLIENT_HOSTS);

        assertThatThrownBy(() -> deployer.deploy(archive.path(), target, RecordingTaskRun.any().log()))
                .hasMessageContaining("already exists");

        assertThat(existing.resolve("keep.txt")).hasContent("mine");
        assertThat(db.databaseExists(db.newCredentials(domain).database())).isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = DbType.class, names = {"MARIADB"})
    void deploysBesideTheSiteDirectoryOnlyUnderTheSitesFolder(DbType type) {
        DatabaseDriver db = driver(type);
        SiteLayout layout = new SiteLayout(docroot.toString(), "beside.example.com");
        DeployTarget target = DeployTarget.siteDirectory(new LocalShell("master"), layout, db, CLIENT_HOSTS);

        assertThat(target.into(docroot + "/sites/.beside.example.com.restore-7").directory())
                .isEqualTo(docroot + "/sites/.beside.example.com.restore-7");
        assertThatThrownBy(() -> target.into(docroot + "/elsewhere")).hasMessageContaining("must be inside");
        assertThatThrownBy(() -> target.into(docroot + "/sites/../..")).hasMessageContaining("not allowed");
        assertThatThrownBy(() -> target.into(docroot + "/sites")).hasMessageContaining("directory of its own");
    }

    enum Damage {
        FLIPPED_BYTES("checksum does not match") {
            @Override
            void apply(Path archive) throws Exception {
                try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
                    long middle = file.length() / 2;
                    file.seek(middle);
                    int value = file.read();
                    file.seek(middle);
                    file.write(value ^ 0xff);
                }
            }
        },
        TRUNCATED("truncated") {
            @Override
            void apply(Path archive) throws Exception {
                try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
                    file.setLength(file.length() - 100);
                }
            }
        };

        final String reason;

        Damage(String reason) {
            this.reason = reason;
        }

        abstract void apply(Path archive) throws Exception;
    }

    private DatabaseDriver driver(DbType type) {
        TestDatabases.Server server = type == DbType.POSTGRESQL ? TestDatabases.postgres() : TestDatabases.mariadb();
        DbServiceInfo service = new DbServiceInfo(1, 1, type, "127.0.0.1", server.port(), server.username(),
                ServerStatus.ENABLED);
        ClientPrograms programs = new ClientPrograms(new LocalShell("master"), List.of());
        return DatabaseDriverFactory.create(service, "master", server.password(), programs, tempDir);
    }

    private static String domain() {
        return "dep" + UUID.randomUUID().toString().substring(0, 8) + ".example.com";
    }

    private Path siteFolder() throws Exception {
        Path folder = Files.createDirectories(work.resolve("source-" + UUID.randomUUID()));
        Files.writeString(folder.resolve("settings.php"), "<?php\n$databases = [];\n");
        Path files = Files.createDirectories(folder.resolve("files/images"));
        Files.write(files.resolve("pixel.bin"), new byte[] {0, 1, 2, (byte) 0xff, 10, 13});
        Files.writeString(folder.resolve("files/welcome.txt"), "Welcome\n");
        Files.createDirectories(folder.resolve("private/temp"));
        Files.setPosixFilePermissions(folder.resolve("settings.php"), PosixFilePermissions.fromString("r--r-----"));
        return folder;
    }

    private BackupArchive archive(String domain, Path folder, String dump) {
        return BackupArchiver.standalone(work.resolve("backups"), Clock.systemUTC(), ArchiveSettings.DEFAULT)
                .create(domain, SiteFolder.local(folder), out -> out.write(dump.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every file and directory below {@code root}: relative path → content (files) or "dir". */
    private static Map<String, String> contents(Path root) throws Exception {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String relative = root.relativize(path).toString();
                contents.put(relative, Files.isDirectory(path) ? "dir"
                        : java.util.HexFormat.of().formatHex(Files.readAllBytes(path)));
            }
        }
        return contents;
    }

    private static List<String> rows(DbCredentials credentials) throws SQLException {
        String url = credentials.type() == DbType.POSTGRESQL
                ? "jdbc:postgresql://127.0.0.1:" + credentials.port() + "/" + credentials.database()
                : "jdbc:mariadb://127.0.0.1:" + credentials.port() + "/" + credentials.database();
        List<String> rows = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, credentials.user(), credentials.password());
             ResultSet rs = connection.createStatement().executeQuery("SELECT id, body FROM notes ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getInt(1) + " " + rs.getString(2));
            }
        }
        return rows;
    }
}
