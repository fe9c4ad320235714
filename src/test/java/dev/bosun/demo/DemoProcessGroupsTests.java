package dev.bosun.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import dev.bosun.test.FreePorts;
import dev.bosun.test.LogsAtInfo;
import dev.bosun.test.RequiresProgram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's nginx and PHP-FPM each lead a process group of their own, shared by their workers: no worker outlives a
 * stop, nor a master killed hard (kill -9), which would leave its workers running, nginx's holding the port.
 * The groups are read here from {@code /proc/<pid>/stat} directly.
 */
@ExtendWith(LogsAtInfo.class)
@RequiresProgram({"nginx", "php-fpm|php-fpm8.2|php-fpm8.3", "setsid"})
class DemoProcessGroupsTests {

    @TempDir
    Path dir;

    @Test
    void workersOfMastersKilledHardAreStoppedAtTheNextStart() throws Exception {
        int port = FreePorts.next();
        int fpmPort = FreePorts.next();
        DemoWebServer killed = DemoWebServer.start(dir, dir.resolve("vhost.d"), port, fpmPort);
        try {
            long nginx = pid(dir.resolve("nginx.pid"));
            long fpm = pid(dir.resolve("php-fpm.pid"));
            assertThat(group(nginx)).as("nginx leads its group").isEqualTo(nginx);
            assertThat(group(fpm)).as("PHP-FPM leads its group").isEqualTo(fpm);
            await().atMost(Duration.ofSeconds(30)).until(() -> members(nginx).size() > 1 && members(fpm).size() > 1);

            for (long master : List.of(nginx, fpm)) {
                Process kill = new ProcessBuilder("kill", "-9", Long.toString(master)).inheritIO().start();
                assertThat(kill.waitFor()).isZero();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !members(nginx).contains(nginx)
                    && !members(fpm).contains(fpm));
            assertThat(members(nginx)).as("the nginx worker outlives its master").isNotEmpty();
            assertThat(members(fpm)).as("the PHP-FPM workers outlive their master").isNotEmpty();

            try (DemoWebServer again = DemoWebServer.start(dir, dir.resolve("vhost.d"), port, fpmPort)) {
                assertThat(members(nginx)).as("left of the killed nginx's group").isEmpty();
                assertThat(members(fpm)).as("left of the killed PHP-FPM's group").isEmpty();
                long newNginx = pid(dir.resolve("nginx.pid"));
                assertThat(newNginx).isNotEqualTo(nginx);
                assertThat(ProcessHandle.of(newNginx).filter(ProcessHandle::isAlive)).isPresent();
                assertThat(DemoWebServer.listening(port)).isTrue();
                assertThat(DemoWebServer.listening(fpmPort)).isTrue();
            }
        } finally {
            killed.close();
        }
    }

    @Test
    void closeLeavesNoProcessOfEitherGroup() throws Exception {
        DemoWebServer server = DemoWebServer.start(dir, dir.resolve("vhost.d"), FreePorts.next(), FreePorts.next());
        long nginx;
        long fpm;
        try {
            nginx = pid(dir.resolve("nginx.pid"));
            fpm = pid(dir.resolve("php-fpm.pid"));
            assertThat(group(nginx)).isEqualTo(nginx);
            assertThat(group(fpm)).isEqualTo(fpm);
            assertThat(ProcessHandle.current().children().map(ProcessHandle::pid))
                    .as("setsid executed the masters in place: they are the panel's children").contains(nginx, fpm);
            await().atMost(Duration.ofSeconds(30)).until(() -> members(nginx).size() > 1 && members(fpm).size() > 1);
        } finally {
            server.close();
        }
        assertThat(members(nginx)).isEmpty();
        assertThat(members(fpm)).isEmpty();
    }

    /** A master that ignores SIGTERM (stopped here with SIGSTOP) is killed after the wait, and its workers too. */
    @Test
    void closeKillsAMasterThatDoesNotStopWithItsWorkers() throws Exception {
        DemoWebServer server = DemoWebServer.start(dir, dir.resolve("vhost.d"), FreePorts.next(), FreePorts.next());
        long nginx;
        long fpm;
        try {
            nginx = pid(dir.resolve("nginx.pid"));
            fpm = pid(dir.resolve("php-fpm.pid"));
            await().atMost(Duration.ofSeconds(30)).until(() -> members(nginx).size() > 1 && members(fpm).size() > 1);
            for (long master : List.of(nginx, fpm)) {
                Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(master)).inheritIO().start();
                assertThat(stop.waitFor()).isZero();
            }
        } finally {
            server.close();
        }
        assertThat(members(nginx)).isEmpty();
        assertThat(members(fpm)).isEmpty();
    }

    private static long pid(Path pidFile) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    /** Field 5 of /proc/<pid>/stat; the fields after the command name start after its last ')'. */
    private static long group(long pid) throws IOException {
        return Long.parseLong(statFields(pid)[2]);
    }

    private static String[] statFields(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.substring(stat.lastIndexOf(')') + 1).strip().split(" +");
    }

    /** The processes of the group, zombies not counted. */
    private static List<Long> members(long pgid) throws IOException {
        List<Long> members = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String[] fields = statFields(Long.parseLong(name));
                    if (!fields[0].equals("Z") && Long.parseLong(fields[2]) == pgid) {
                        members.add(Long.parseLong(name));
                    }
                } catch (IOException e) {
                    // gone meanwhile
                }
            }
        }
        return members;
    }
}
