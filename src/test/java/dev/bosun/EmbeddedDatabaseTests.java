package dev.bosun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.bosun.account.AccountService;
import dev.bosun.account.Role;
import dev.bosun.test.FreePorts;
import dev.bosun.test.LogsAtInfo;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The start-up default: no datasource URL, an embedded PostgreSQL in {@code <home>/pgdata} that asks for the
 * password in {@code <home>/pgdata-password}, starts after a killed panel and stops after the scheduler.
 */
@ExtendWith({OutputCaptureExtension.class, LogsAtInfo.class})
class EmbeddedDatabaseTests {

    /** The level column of a log line (a message may mention the word). */
    private static final String ERROR_LINE = "\\sERROR \\d+ ---";

    @TempDir
    Path home;

    @Test
    void runsOnAnEmbeddedPostgresWhoseDataSurvivesARestart(CapturedOutput output) throws Exception {
        String firstPassword;
        try (ConfigurableApplicationContext first = start()) {
            assertThat(first.containsBean("embeddedPostgres")).isTrue();
            assertThat(Files.isDirectory(home.resolve("pgdata"))).isTrue();
            assertThat(home.resolve("tomcat").resolve("docroot")).as("Tomcat's folders are in the home, not in /tmp")
                    .isDirectory();
            assertThat(home.resolve("tomcat").resolve("work")).isDirectory();
            Path passwordFile = home.resolve("initial-admin-password");
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            firstPassword = Files.readString(passwordFile).trim();
            assertThat(firstPassword).hasSizeGreaterThanOrEqualTo(16);
            first.getBean(AccountService.class).createUser("operator1", "operator-password", Role.OPERATOR, null);
        }
        assertThat(output.getAll()).as("a clean stop logs no error").doesNotContainPattern(ERROR_LINE);

        try (ConfigurableApplicationContext second = start()) {
            AccountService accounts = second.getBean(AccountService.class);
            assertThat(accounts.findUser("operator1")).get().extracting("role").isEqualTo(Role.OPERATOR);
            assertThat(accounts.findUser("admin")).isPresent();
            assertThat(Files.readString(home.resolve("initial-admin-password")).trim())
                    .as("the first password is not replaced on restart").isEqualTo(firstPassword);
            assertThat(second.getBean(JdbcClient.class)
                    .sql("SELECT count(*) FROM flyway_schema_history WHERE success").query(Long.class).single())
                    .isPositive();
        }
    }

    @Test
    void asksForItsPasswordAndListensOnLoopbackOnly(CapturedOutput output) throws Exception {
        try (ConfigurableApplicationContext panel = start()) {
            int port = panel.getBean(EmbeddedPostgres.class).getPort();
            Path passwordFile = home.resolve("pgdata-password");
            assertThat(Files.getPosixFilePermissions(passwordFile))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String password = Files.readString(passwordFile).strip();

            assertThatThrownBy(() -> DriverManager.getConnection(url(port), "postgres", "").close())
                    .isInstanceOf(SQLException.class).hasMessageContaining("password");
            JdbcClient jdbc = panel.getBean(JdbcClient.class);
            assertThat(jdbc.sql("SHOW listen_addresses").query(String.class).single()).isEqualTo("127.0.0.1");
            assertThat(jdbc.sql("SHOW fsync").query(String.class).single()).as("flushed to disk").isEqualTo("on");
            assertThat(jdbc.sql("SHOW synchronous_commit").query(String.class).single())
                    .as("a commit waits for its flush").isEqualTo("on");
            try (var connection = DriverManager.getConnection(url(port), "postgres", password)) {
                assertThat(connection.isValid(5)).isTrue();
            }
            assertThat(output.getAll()).doesNotContain(password);
        }
        assertThat(Files.readString(home.resolve("pgdata").resolve("pg_hba.conf")))
                .contains("local all all scram-sha-256", "host  all all 127.0.0.1/32 scram-sha-256")
                .doesNotContain("trust");
    }

    @Test
    void startsTheDatabaseBeforeTheRefreshAndHandsItToTheContext() throws Exception {
        try (ConfigurableApplicationContext panel = start()) {
            EmbeddedPostgresStart early = panel.getBean(EmbeddedPostgresStart.class);
            assertThat(early.taken()).as("the context runs on the server the early start began").isTrue();
            assertThat(panel.getBean(EmbeddedPostgres.class).getPort())
                    .isEqualTo(Integer.parseInt(Files.readAllLines(home.resolve("pgdata").resolve("postmaster.pid")).get(3).strip()));
        }
        assertThat(home.resolve("pgdata").resolve("postmaster.pid")).as("stopped with the context").doesNotExist();
    }

    @Test
    void aStartThatFailsBeforeTheContextTookTheDatabaseStopsIt(CapturedOutput output) throws Exception {
        assertThatThrownBy(() -> start("--server.port=not-a-port")).hasStackTraceContaining("not-a-port");
        assertThat(output.getAll()).contains("starting the embedded PostgreSQL",
                "Stopping the embedded PostgreSQL: the panel did not start");
        assertThat(home.resolve("pgdata").resolve("postmaster.pid")).as("no PostgreSQL left running").doesNotExist();
        assertThat(ProcessHandle.allProcesses().filter(process -> process.info().commandLine()
                .filter(line -> line.contains(home.resolve("pgdata").toString())).isPresent()))
                .as("no process on the data directory").isEmpty();
    }

    @Test
    void aDatabaseNameThatIsNoPlainNameIsRefusedBeforeAnyServerStarts() {
        assertThatThrownBy(() -> start("--bosun.embedded-db.database=Bosun-DB"))
                .hasStackTraceContaining("bosun.embedded-db.database must be a plain lowercase name: Bosun-DB");
        assertThat(home.resolve("pgdata")).as("nothing started").doesNotExist();
    }

    @Test
    void takesTheBinariesOfThisMachineFromTheClasspathAndNamesAMissingOne() throws Exception {
        String arch = System.getProperty("os.arch").equals("aarch64") ? "arm_64" : "x86_64";
        try (var archive = EmbeddedPostgresHome.binaries("Linux", arch)) {
            assertThat(archive.readNBytes(6)).as("an xz archive")
                    .containsExactly(0xFD, '7', 'z', 'X', 'Z', 0x00);
        }
        assertThatThrownBy(() -> EmbeddedPostgresHome.binaries("Linux", "ppc64le"))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("Linux on amd64 and arm64 only").hasMessageContaining("spring.datasource.url");
    }

    @Test
    void aHomeOfTheVersionWithoutPasswordIsMigrated() throws Exception {
        int port = FreePorts.next();
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setPgBinaryResolver(EmbeddedPostgresHome::binaries)
                .setDataDirectory(home.resolve("pgdata"))
                .setCleanDataDirectory(false).setPort(port).start()) {
            old.getPostgresDatabase().getConnection().close();
        }
        assertThat(Files.readString(home.resolve("pgdata").resolve("pg_hba.conf"))).contains("trust");

        try (ConfigurableApplicationContext panel = start("--bosun.embedded-db.port=" + port)) {
            assertThat(panel.getBean(JdbcClient.class).sql("SELECT 1").query(Integer.class).single()).isEqualTo(1);
            assertThatThrownBy(() -> DriverManager.getConnection(url(port), "postgres", "").close())
                    .isInstanceOf(SQLException.class);
            assertThat(Files.getPosixFilePermissions(home.resolve("pgdata-password")))
                    .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void startsWhenAKilledPanelLeftItsPostgresRunningOrAStalePidFile(CapturedOutput output) throws Exception {
        Path dataDir = home.resolve("pgdata");
        Path postgresBinary;
        try (ConfigurableApplicationContext first = start()) {
            postgresBinary = Path.of(commandLine(postmasterPid(dataDir)).get(0));
            first.getBean(AccountService.class).createUser("operator1", "operator-password", Role.OPERATOR, null);
        }

        // What a kill -9 of the panel leaves: a postmaster on the data directory that no JVM owns.
        List<String> command = new ArrayList<>();
        if ("root".equals(System.getProperty("user.name"))) {
            command.addAll(List.of("unshare", "-U")); // PostgreSQL refuses root; the embedded one does the same
        }
        command.addAll(List.of(postgresBinary.resolveSibling("pg_ctl").toString(), "-D", dataDir.toString(), "-o",
                "-p " + FreePorts.next() + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=", "-w",
                "start"));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(home.resolve("pg_ctl.log").toFile()).start();
        assertThat(pgCtl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(pgCtl.exitValue()).as(Files.readString(home.resolve("pg_ctl.log"))).isZero();
        long leftover = postmasterPid(dataDir);
        assertThat(ProcessHandle.of(leftover)).get().matches(ProcessHandle::isAlive);

        try (ConfigurableApplicationContext second = start()) {
            assertThat(second.getBean(AccountService.class).findUser("operator1")).isPresent();
            assertThat(ProcessHandle.of(leftover).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(output.getAll()).contains("An embedded PostgreSQL from an earlier run still holds",
                    "Stopped the earlier embedded PostgreSQL (process " + leftover + ")");
        }

        // A pid file naming a live process that is no PostgreSQL (a pid reused after a crash).
        Files.writeString(dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n");
        try (ConfigurableApplicationContext third = start()) {
            assertThat(third.getBean(AccountService.class).findUser("operator1")).isPresent();
            assertThat(output.getAll()).contains("the process it names is gone or is not this PostgreSQL");
        }
    }

    private static long postmasterPid(Path dataDir) throws Exception {
        return Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).strip());
    }

    private static List<String> commandLine(long pid) throws Exception {
        byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
        return Arrays.asList(new String(raw, StandardCharsets.UTF_8).split("\0"));
    }

    private static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private ConfigurableApplicationContext start(String... extra) {
        SpringApplication application = new SpringApplication(BosunApplication.class);
        List<String> args = new ArrayList<>(List.of("--bosun.home=" + home, "--server.port=0",
                "--spring.datasource.url=", "--spring.main.banner-mode=off"));
        args.addAll(List.of(extra));
        return application.run(args.toArray(String[]::new));
    }
}
