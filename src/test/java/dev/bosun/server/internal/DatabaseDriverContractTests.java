package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.bosun.server.DatabaseDriver;
import dev.bosun.server.DatabaseException;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.test.FreePorts;
import dev.bosun.test.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A db driver against the machine's database server: create, use, isolate, dump, import, drop. */
abstract class DatabaseDriverContractTests {

    static final List<String> CLIENT_HOSTS = List.of("localhost", "127.0.0.1");

    @TempDir
    Path temp;

    private final List<DbCredentials> created = new ArrayList<>();

    private DatabaseDriver driver;
    private Path passwordFileDir;

    /** The machine's server of this engine. */
    abstract TestDatabases.Server server();

    /** The engine's driver for a server on {@code port} of the same host, writing into {@link #passwordFileDir()}. */
    abstract DatabaseDriver driverOnPort(int port);

    /** The JDBC scheme of the engine: {@code mariadb} or {@code postgresql}. */
    abstract String jdbcScheme();

    /** The engine's client program seen in {@code ps} during a dump. */
    abstract String dumpProgram();

    @BeforeEach
    void createDriver() throws IOException {
        passwordFileDir = Files.createTempDirectory("bosun-tmp");
        TestDatabases.deleteWhenJvmEnds(passwordFileDir);
        driver = driverOnPort(server().port());
    }

    DatabaseDriver driver() {
        return driver;
    }

    /** Where the driver writes its password files. */
    Path passwordFileDir() {
        return passwordFileDir;
    }

    String jdbcUrl(DbCredentials credentials) {
        return "jdbc:" + jdbcScheme() + "://" + credentials.host() + ":" + credentials.port() + "/"
                + credentials.database();
    }

    @AfterEach
    void dropWhatTheTestCreated() {
        created.forEach(credentials -> driver().deprovision(credentials, CLIENT_HOSTS));
    }

    @Test
    void createsADatabaseItsOwnUserCanWriteAndAnotherSitesUserCannotTouch() throws Exception {
        DbCredentials alpha = provision("alpha");
        DbCredentials beta = provision("beta");

        try (Connection connection = connect(alpha, alpha.database())) {
            write(connection, "hello");
            assertThat(count(connection)).isEqualTo(1);
        }
        assertThatThrownBy(() -> connect(beta, alpha.database()).close()).isInstanceOf(SQLException.class);
    }

    @Test
    void aServerThatDoesNotAnswerIsReportedAsSuchNotAsAStackTrace() {
        int closed = FreePorts.next();
        DatabaseDriver unreachable = driverOnPort(closed);

        assertThatThrownBy(() -> unreachable.newCredentials("down.example.com"))
                .isInstanceOf(DatabaseException.class)
                .hasMessageStartingWith("Cannot connect to database server master at 127.0.0.1:" + closed + " (")
                .hasMessageContaining("Connection refused")
                .hasMessageContaining("Check that it is running");
        assertThatThrownBy(unreachable::checkConnection).hasMessageStartingWith("Cannot connect to database server");
    }

    @Test
    void derivesNamesFromTheDomainAndKeepsThemUnique() {
        String domain = "www." + unique("x") + ".example.com";
        DbCredentials first = driver().newCredentials(domain);
        driver().provision(first, CLIENT_HOSTS);
        created.add(first);

        DbCredentials second = driver().newCredentials(domain);

        assertThat(first.database()).startsWith("www_x");
        assertThat(second.database()).isEqualTo(first.database() + "_2");
        assertThat(second.user()).isEqualTo(first.user() + "_2");
        assertThat(second.password()).hasSize(24).isNotEqualTo(first.password());
    }

    @Test
    void dumpsAndImportsIntoAnotherSiteWithoutShowingThePassword() throws Exception {
        DbCredentials source = provision("source");
        DbCredentials target = provision("target");
        try (Connection connection = connect(source, source.database())) {
            write(connection, "it's \"quoted\"");
            fill(connection);
        }
        RecordingTaskRun run = RecordingTaskRun.any();
        ProcessSnapshot snapshot = new ProcessSnapshot(passwordFileDir());

        driver().dump(source, snapshot, run.log());
        driver().importDump(target, new ByteArrayInputStream(snapshot.bytes()), run.log());

        assertThat(snapshot.processes()).contains(dumpProgram()).doesNotContain(source.password());
        assertThat(snapshot.passwordFiles()).singleElement().isEqualTo("rw-------");
        try (var left = java.nio.file.Files.list(passwordFileDir())) {
            assertThat(left).isEmpty();
        }
        assertThat(snapshot.text()).contains("bosun_notes").contains("quoted");
        assertThat(run.text()).contains("INFO $ ").contains(dumpProgram() + " ").doesNotContain(source.password())
                .doesNotContain(target.password());
        assertThat(run.secrets()).contains(source.password(), target.password());
        try (Connection connection = connect(target, target.database())) {
            assertThat(count(connection)).isEqualTo(1);
        }
    }

    @Test
    void importStopsAtTheFirstBadStatementAndSaysSo() {
        DbCredentials target = provision("bad");
        RecordingTaskRun run = RecordingTaskRun.any();
        byte[] broken = "CREATE TABLE ok_table (id INT);\nTHIS IS NOT SQL;\n".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> driver().importDump(target, new ByteArrayInputStream(broken), run.log()))
                .hasMessageContaining("import into " + target.database() + " failed");
        assertThat(run.messages("OUTPUT")).anySatisfy(line -> assertThat(line).containsIgnoringCase("error"));
    }

    @Test
    void deprovisionRemovesDatabaseAndUserAndToleratesWhatIsGone() throws Exception {
        DbCredentials site = provision("gone");

        driver().deprovision(site, CLIENT_HOSTS);
        driver().deprovision(site, CLIENT_HOSTS);

        assertThat(driver().databaseExists(site.database())).isFalse();
        assertThat(driver().userExists(site.user())).isFalse();
        assertThatThrownBy(() -> connect(site, site.database()).close()).isInstanceOf(SQLException.class);
    }

    @Test
    void acceptsAPasswordFullOfQuotingCharacters() throws Exception {
        DbCredentials generated = driver().newCredentials(unique("quotes") + ".example");
        DbCredentials site = new DbCredentials(generated.type(), generated.database(), generated.user(),
                "p\"a'ss\\w:o$rd #;`x`", generated.host(), generated.port());
        driver().provision(site, CLIENT_HOSTS);
        created.add(site);
        try (Connection connection = connect(site, site.database())) {
            write(connection, "x");
        }

        ByteArrayOutputStream dump = new ByteArrayOutputStream();
        driver().dump(site, dump, RecordingTaskRun.any().log());

        assertThat(dump.toString(StandardCharsets.UTF_8)).contains("bosun_notes");
    }

    DbCredentials provision(String label) {
        DbCredentials credentials = driver().newCredentials(unique(label) + ".example.com");
        driver().provision(credentials, CLIENT_HOSTS);
        created.add(credentials);
        return credentials;
    }

    Connection connect(DbCredentials credentials, String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(new DbCredentials(credentials.type(), database, credentials.user(),
                credentials.password(), credentials.host(), credentials.port())), credentials.user(), credentials.password());
    }

    private static void write(Connection connection, String note) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bosun_notes (id INT PRIMARY KEY, note VARCHAR(100))");
        }
        try (var insert = connection.prepareStatement("INSERT INTO bosun_notes VALUES (1, ?)")) {
            insert.setString(1, note);
            insert.executeUpdate();
        }
    }

    /** A few megabytes, so that the dump program is still running, blocked on its output, when it is inspected. */
    private static void fill(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE bosun_filler (id INT PRIMARY KEY, body VARCHAR(2000))");
        }
        try (var insert = connection.prepareStatement("INSERT INTO bosun_filler VALUES (?, ?)")) {
            for (int i = 0; i < 2000; i++) {
                insert.setInt(1, i);
                insert.setString(2, UUID.randomUUID().toString().repeat(50));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static int count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM bosun_notes")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String unique(String label) {
        return label + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Collects a dump and, at its first bytes (the dump program is running then), the machine's process list. */
    static final class ProcessSnapshot extends OutputStream {

        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Path passwordFileDir;
        private String processes;
        private List<String> passwordFiles;

        ProcessSnapshot(Path passwordFileDir) {
            this.passwordFileDir = passwordFileDir;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (processes == null) {
                Process ps = new ProcessBuilder("ps", "-eo", "args").redirectErrorStream(true).start();
                processes = new String(ps.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                try (var files = java.nio.file.Files.list(passwordFileDir)) {
                    passwordFiles = files.map(ProcessSnapshot::mode).toList();
                }
            }
            bytes.write(b, off, len);
        }

        String processes() {
            return processes;
        }

        /** The modes of the files in the password file directory while the dump ran. */
        List<String> passwordFiles() {
            return passwordFiles;
        }

        private static String mode(Path file) {
            try {
                return java.nio.file.attribute.PosixFilePermissions.toString(java.nio.file.Files.getPosixFilePermissions(file));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
