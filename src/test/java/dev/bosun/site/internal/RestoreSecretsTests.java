package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.bosun.BosunProperties;
import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupKind;
import dev.bosun.server.DbCredentials;
import dev.bosun.server.DbType;
import dev.bosun.server.RecordingTaskRun;
import dev.bosun.site.RunningMaster;
import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskStatus;
import dev.bosun.task.TaskSummary;
import dev.bosun.test.BosunTest;
import dev.bosun.test.RequiresProgram;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A restore keeps its secrets: the site's old and new database passwords are in no log line (as written,
 * before redaction) and in no command line or environment of the processes that run meanwhile; the
 * archives hold the site and nothing of the panel's own secrets.
 */
@RequiresProgram({"nginx", "php-fpm8.2", "mariadb-dump|mysqldump", "mariadb|mysql"})
class RestoreSecretsTests extends RunningMaster {

    @Autowired
    RestoreHandler restore;
    @Autowired
    SiteOperations operations;
    @Autowired
    BosunProperties properties;

    @Test
    void theDatabasePasswordsAreInNoLogLineAndNoCommandLine() throws Exception {
        long siteId = installedSite("secrets", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long backupId = backup(siteId);
        DbCredentials before = operations.credentials(operations.context(siteId));
        RecordingTaskRun run = new RecordingTaskRun(TargetType.SITE, siteId, "restore", Map.of("backupId", backupId));

        Set<String> processes;
        try (ProcessWatch watch = ProcessWatch.start()) {
            restore.run(run);
            processes = watch.seen();
        }

        DbCredentials after = operations.credentials(operations.context(siteId));
        assertThat(run.status()).as(run.text()).isEqualTo("SUCCESS");
        assertThat(after.password()).isNotEqualTo(before.password());
        assertThat(run.secrets()).as("both passwords are redacted in the stored log")
                .contains(before.password(), after.password());
        assertThat(run.text()).as("the lines as written, before redaction")
                .doesNotContain(before.password()).doesNotContain(after.password());
        assertThat(processes).as("the watch saw the restore's programs")
                .anySatisfy(line -> assertThat(line).contains("state:set"))
                .anySatisfy(line -> assertThat(line).contains("--defaults-extra-file="));
        assertThat(processes).allSatisfy(line -> assertThat(line)
                .doesNotContain(before.password()).doesNotContain(after.password()));
    }

    @Test
    void theArchivesHoldNoPanelSecret() throws Exception {
        long siteId = installedSite("archive", examplePlatform("example-base"), dbService(DbType.MARIADB));
        long backupId = backup(siteId);
        TaskSummary restored = run(siteId, SiteTaskType.RESTORE, new SiteTaskArgs.Restore(backupId));
        assertThat(restored.status()).as(log(restored)).isEqualTo(TaskStatus.SUCCESS);
        List<BackupInfo> archives = backups.listForSite(siteId);
        assertThat(archives).extracting(BackupInfo::description)
                .contains(BackupKind.PRE_RESTORE.defaultDescription(), "checked for secrets");

        List<byte[]> secrets = panelSecrets();
        for (BackupInfo archive : archives) {
            forEachEntry(archive.path(), (name, content) -> {
                assertThat(Path.of(name).getFileName().toString()).as(archive.fileName())
                        .isNotIn("secret.key", "id_ed25519", "initial-admin-password");
                for (byte[] secret : secrets) {
                    assertThat(indexOf(content, secret)).as(archive.fileName() + ": " + name + " holds a panel secret")
                            .isNegative();
                }
            });
        }
    }

    /** The panel's secret key (as stored and raw), its SSH private key, the administrator's password. */
    private List<byte[]> panelSecrets() throws IOException {
        Path home = properties.homeDir();
        Path keyFile = home.resolve("secret.key");
        Path sshKey = home.resolve("ssh/id_ed25519");
        assertThat(keyFile).as("the panel's secret key").exists();
        assertThat(sshKey).as("the panel's SSH key").exists();
        List<byte[]> secrets = new ArrayList<>();
        String key = Files.readString(keyFile).strip();
        secrets.add(key.getBytes(StandardCharsets.US_ASCII));
        secrets.add(Base64.getDecoder().decode(key));
        Files.readAllLines(sshKey).stream().filter(line -> !line.startsWith("-----") && line.length() > 20)
                .forEach(line -> secrets.add(line.getBytes(StandardCharsets.US_ASCII)));
        secrets.add(BosunTest.ADMIN_PASSWORD.getBytes(StandardCharsets.UTF_8));
        return secrets;
    }

    private long backup(long siteId) {
        TaskSummary done = run(siteId, SiteTaskType.BACKUP, new SiteTaskArgs.Backup("checked for secrets"));
        assertThat(done.status()).as(log(done)).isEqualTo(TaskStatus.SUCCESS);
        return backups.listForSite(siteId).get(0).id();
    }

    @FunctionalInterface
    interface EntryCheck {
        void check(String name, byte[] content) throws Exception;
    }

    private static void forEachEntry(Path archive, EntryCheck check) throws Exception {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                check.check(entry.getName(), entry.isFile() ? tar.readAllBytes() : new byte[0]);
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * Reads the command line and environment of every process of the machine it may read, over and over on a
     * thread of its own, until closed: what a local user would see with {@code ps e}.
     */
    static final class ProcessWatch implements AutoCloseable {

        private final Set<String> seen = ConcurrentHashMap.newKeySet();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::watch, "process-watch");

        static ProcessWatch start() {
            ProcessWatch watch = new ProcessWatch();
            watch.thread.setDaemon(true);
            watch.thread.start();
            return watch;
        }

        Set<String> seen() {
            return Set.copyOf(seen);
        }

        private void watch() {
            while (running) {
                try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                    processes.filter(path -> path.getFileName().toString().chars().allMatch(Character::isDigit))
                            .forEach(this::read);
                } catch (IOException | RuntimeException ignored) {
                    // processes come and go while /proc is listed
                }
            }
        }

        private void read(Path process) {
            for (String file : List.of("cmdline", "environ")) {
                try {
                    byte[] bytes = Files.readAllBytes(process.resolve(file));
                    if (bytes.length > 0) {
                        seen.add(file + ": " + new String(bytes, StandardCharsets.UTF_8).replace('\0', ' '));
                    }
                } catch (IOException ignored) {
                    // ended, or another user's process
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
