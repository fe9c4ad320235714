package dev.bosun.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.bosun.server.Command;
import dev.bosun.server.CommandResult;
import dev.bosun.server.LineSink;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.server.Shell;
import dev.bosun.server.ShellTimeoutException;
import dev.bosun.server.TrackedProcesses;
import dev.bosun.server.TrackedShell;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every shell must do, whatever carries the commands: local processes, MINA sshd or OpenSSH. */
abstract class ShellContractTests {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path temp;

    abstract Shell shell();

    @Test
    void runsACommandAndReturnsItsExitCodeAndOutput() {
        CommandResult result = shell().run(Command.script("echo out; echo err >&2; exit 3"), LineSink.NONE, TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("err\n");
        assertThat(result.ok()).isFalse();
    }

    @Test
    void passesHostileArgumentsLiterallyWithoutRunningThem() {
        Path canary = temp.resolve("canary");
        List<String> hostile = List.of("a;rm -rf /", "$(touch " + canary + ")", "`touch " + canary + "`",
                "'single' \"double\"", "../../etc/passwd", "ünïcödé ✓", "-n", "* ?", "back\\slash", "tab\there");

        CommandResult result = shell().run(Command.of("printf", "%s\\n").with(hostile), LineSink.NONE, TIMEOUT);

        assertThat(result.stdout()).isEqualTo(String.join("\n", hostile) + "\n");
        assertThat(canary).doesNotExist();
    }

    @Test
    void writesTheCommandAndItsOutputToTheTaskLog() {
        RecordingTaskRun run = RecordingTaskRun.any();

        shell().run(Command.script("echo one; echo two >&2", "it's"), run.log(), TIMEOUT);

        assertThat(run.messages("INFO")).containsExactly("$ sh -c 'echo one; echo two >&2' sh 'it'\\''s'");
        assertThat(run.messages("OUTPUT")).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void keepsANewlineInsideOneArgument() {
        CommandResult result = shell().run(Command.of("printf", "[%s]", "line one\nline two"), LineSink.NONE, TIMEOUT);

        assertThat(result.stdout()).isEqualTo("[line one\nline two]\n");
    }

    @Test
    void streamsLargeOutputLineByLineAndCapsWhatItKeeps() {
        List<String> lines = Collections.synchronizedList(new ArrayList<>());

        CommandResult result = shell().run(Command.of("seq", "1", "300000"), lines::add, TIMEOUT);

        assertThat(result.ok()).isTrue();
        assertThat(lines).hasSize(300000).startsWith("1", "2").endsWith("300000");
        assertThat(lines).doesNotHaveDuplicates();
        assertThat(result.stdout()).startsWith("1\n2\n").doesNotContain("\n300000\n");
        assertThat(result.stdout().length()).isLessThanOrEqualTo(CommandResult.CAPTURE_LIMIT + 1);
    }

    @Test
    void stopsACommandThatOutlivesItsTimeoutAndStaysUsable() {
        assertThatThrownBy(() -> shell().run(Command.of("sleep", "30"), LineSink.NONE, Duration.ofMillis(500)))
                .isInstanceOf(ShellTimeoutException.class)
                .hasMessageContaining("sleep 30").hasMessageContaining("did not finish within 500 ms");

        assertThat(shell().run(Command.of("echo", "still here"), LineSink.NONE, TIMEOUT).stdout()).isEqualTo("still here\n");
    }

    @Test
    void reportsAMissingProgramAsExitCode127() {
        CommandResult result = shell().run(Command.of("bosun-no-such-program"), LineSink.NONE, TIMEOUT);

        assertThat(result.exitCode()).isEqualTo(127);
        assertThat(result.stderr()).contains("bosun-no-such-program").contains("not found");
    }

    @Test
    void execStreamsBinaryInputThroughTheCommand() {
        byte[] data = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(data);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = shell().exec(Command.of("cat"), new ByteArrayInputStream(data), out, LineSink.NONE, TIMEOUT);

        assertThat(exit).isZero();
        assertThat(out.toByteArray()).isEqualTo(data);
    }

    @Test
    void pushesAndPullsAFileKeepingItsMode() throws Exception {
        Path file = temp.resolve("vhost.conf");
        Files.writeString(file, "server { }\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        String remote = temp.resolve("remote/nested/vhost.conf").toString();

        shell().push(file, remote);
        Path back = temp.resolve("back/vhost.conf");
        shell().pull(remote, back);

        assertThat(Files.readString(Path.of(remote))).isEqualTo("server { }\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(remote)))).isEqualTo("rw-r-----");
        assertThat(Files.readString(back)).isEqualTo("server { }\n");
    }

    @Test
    void pushesAndPullsADirectoryTree() throws Exception {
        Path site = temp.resolve("site");
        Files.createDirectories(site.resolve("files/images"));
        Files.writeString(site.resolve("settings.php"), "<?php\n");
        Files.write(site.resolve("files/images/logo.png"), new byte[] {1, 2, 3, (byte) 0xff});
        String remote = temp.resolve("remote-site").toString();

        shell().push(site, remote);
        Path back = temp.resolve("pulled");
        shell().pull(remote, back);

        assertThat(Files.readString(back.resolve("settings.php"))).isEqualTo("<?php\n");
        assertThat(Files.readAllBytes(back.resolve("files/images/logo.png"))).containsExactly(1, 2, 3, 0xff);
    }

    @Test
    void stopsATrackedCommandByItsTagFromAnotherShellObject() throws Exception {
        String tag = "test-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
        Shell starter = shell();
        CompletableFuture<CommandResult> running = CompletableFuture.supplyAsync(
                () -> starter.runTracked(tag, Command.of("sleep", "600"), LineSink.NONE, Duration.ofMinutes(15)));
        Command pidFiles = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", tag);
        String recorded = await().atMost(Duration.ofSeconds(30)).until(
                () -> shell().run(pidFiles, LineSink.NONE, TIMEOUT).stdout(), line -> !line.isBlank());
        String pgid = recorded.strip().split(" ")[0];

        List<TrackedProcesses.Stopped> stopped = shell().stopTracked(tag, Duration.ofSeconds(5));

        assertThat(stopped).extracting(TrackedProcesses.Stopped::pgid).containsExactly(Long.parseLong(pgid));
        assertThat(stopped.get(0).program()).isEqualTo("sleep");
        assertThat(shell().run(Command.script("kill -s 0 \"$1\" 2>/dev/null", pgid), LineSink.NONE, TIMEOUT).ok())
                .as("the tracked sleep is gone").isFalse();
        assertThat(running.get(60, TimeUnit.SECONDS).ok()).isFalse();
        assertThat(shell().run(pidFiles, LineSink.NONE, TIMEOUT).stdout()).isEmpty();
        assertThat(shell().stopTracked(tag, Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void aStopOfOnePanelsTaskLeavesTheSameTaskOfAnotherPanelRunning() throws Exception {
        Random random = new Random();
        // a task id no other panel on this machine has, and two panels that both have it
        long task = 1_000_000_000_000L + (random.nextLong() & 0xff_ffff_ffffL);
        String panelA = Long.toHexString(0x10_0000_0000L + (random.nextLong() & 0xf_ffff_ffffL));
        String panelB = Long.toHexString(0x20_0000_0000L + (random.nextLong() & 0xf_ffff_ffffL));
        String tagA = TrackedProcesses.taskTag(panelA, task);
        String tagB = TrackedProcesses.taskTag(panelB, task);
        String legacyTag = TrackedProcesses.legacyTaskTag(task);
        CompletableFuture<CommandResult> ofA = sleepTracked(TrackedShell.of(shell(), tagA));
        CompletableFuture<CommandResult> ofB = sleepTracked(TrackedShell.of(shell(), tagB));
        // what panel A's task started before the upgrade, under the tag of the task id alone
        CompletableFuture<CommandResult> beforeUpgrade = sleepTracked(TrackedShell.of(shell(), legacyTag));
        long pgidA = recordedGroup(tagA);
        long pgidB = recordedGroup(tagB);
        long pgidLegacy = recordedGroup(legacyTag);
        try {
            List<TrackedProcesses.Stopped> stopped = new ArrayList<>();
            for (String tag : TrackedProcesses.taskTags(panelA, task)) {
                stopped.addAll(shell().stopTracked(tag, Duration.ofSeconds(5)));
            }

            assertThat(stopped).extracting(TrackedProcesses.Stopped::pgid).containsExactlyInAnyOrder(pgidA, pgidLegacy);
            assertThat(ofA.get(60, TimeUnit.SECONDS).ok()).isFalse();
            assertThat(beforeUpgrade.get(60, TimeUnit.SECONDS).ok()).isFalse();
            assertThat(alive(pgidB)).as("panel B's process of its task " + task).isTrue();
            assertThat(ofB).isNotDone();
            assertThat(recordedGroup(tagB)).isEqualTo(pgidB);
        } finally {
            shell().stopTracked(tagB, Duration.ofSeconds(5));
        }
        assertThat(ofB.get(60, TimeUnit.SECONDS).ok()).isFalse();
        assertThat(alive(pgidB)).isFalse();
    }

    private CompletableFuture<CommandResult> sleepTracked(Shell tracked) {
        return CompletableFuture.supplyAsync(
                () -> tracked.run(Command.of("sleep", "600"), LineSink.NONE, Duration.ofMinutes(15)));
    }

    /** The process group recorded under {@code tag}, once there is one. */
    private long recordedGroup(String tag) {
        Command pidFiles = Command.script("cat \"$HOME/.bosun/run/$1\"/* 2>/dev/null", tag);
        String recorded = await().atMost(Duration.ofSeconds(30)).until(
                () -> shell().run(pidFiles, LineSink.NONE, TIMEOUT).stdout(), line -> !line.isBlank());
        return Long.parseLong(recorded.strip().split(" ")[0]);
    }

    private boolean alive(long pgid) {
        return shell().run(Command.script("kill -s 0 \"$1\" 2>/dev/null", Long.toString(pgid)), LineSink.NONE, TIMEOUT)
                .ok();
    }

    @Test
    void aTrackedCommandGetsItsInputAndGivesItsOutputAndExitCode() {
        String tag = "test-" + Long.toHexString(new Random().nextLong() & Long.MAX_VALUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = shell().execTracked(tag, Command.of("cat"),
                new ByteArrayInputStream("fed through\n".getBytes(StandardCharsets.UTF_8)), out, LineSink.NONE,
                TIMEOUT);
        CommandResult failed = shell().runTracked(tag, Command.script("echo done; exit 3"), LineSink.NONE, TIMEOUT);

        assertThat(exit).isZero();
        assertThat(text(out.toByteArray())).isEqualTo("fed through\n");
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.stdout()).isEqualTo("done\n");
        assertThat(shell().run(Command.script("[ -e \"$HOME/.bosun/run/$1\" ]", tag), LineSink.NONE, TIMEOUT).ok())
                .as("no pid file is left once the tracked commands ended").isFalse();
    }

    /** A tree with a file, a binary file in a sub-directory and a relative symlink. */
    Path siteTree() throws Exception {
        Path site = temp.resolve("tree");
        Files.createDirectories(site.resolve("files/images"));
        Files.writeString(site.resolve("settings.php"), "<?php\n");
        Files.write(site.resolve("files/images/logo.png"), new byte[] {1, 2, 3, (byte) 0xff});
        Files.createSymbolicLink(site.resolve("current"), Path.of("files"));
        return site;
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
