package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

import dev.bosun.BosunProperties;
import dev.bosun.TaskFiles;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskFinished;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.BosunTest;
import dev.bosun.test.LogsAtInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Temporary files of tasks on the master: a dead task's go (at start-up, or when it ends), a live task's stay. */
@BosunTest
@ExtendWith({OutputCaptureExtension.class, LogsAtInfo.class})
class LeftoverFilesTests {

    @Autowired
    LeftoverFiles leftovers;
    @Autowired
    BackupArchiver archiver;
    @Autowired
    BosunProperties properties;
    @Autowired
    JdbcClient jdbc;

    BackupFixtures fixtures;
    long siteId;

    @BeforeEach
    void site() {
        fixtures = new BackupFixtures(jdbc);
        siteId = fixtures.site("leftovers-" + Long.toString(System.nanoTime(), 36) + ".example.com", "ENABLED");
    }

    @AfterEach
    void cleanUp() {
        jdbc.sql("UPDATE tasks SET status = 'ERROR' WHERE site_id = :site").param("site", siteId).update();
        fixtures.cleanUp();
    }

    @Test
    void theStartUpSweepRemovesADeadTasksLeftoversAndKeepsALiveTasks(CapturedOutput output) throws Exception {
        long dead = task("backup", "ERROR");
        long live = task("restore", "PROCESSING");
        Path backups = Files.createDirectories(archiver.backupsDirectory());
        Path tmp = properties.homeDir().resolve("tmp");
        Path deadPart = touch(backups.resolve(".site.example.com-20260101.000000_" + TaskFiles.marker(dead)
                + "_123.tar.gz.part"));
        Path deadSpool = touch(backups.resolve(".site.example.com-20260101.000000_" + TaskFiles.marker(dead)
                + "_456.sql.part"));
        Path deadDump = touch(TaskFiles.taskDirectory(tmp, dead).resolve("deploy-1.sql"));
        Path unrecorded = touch(backups.resolve(".site.example.com-20260101.000000.tar.gz" + BackupService.UNRECORDED_SUFFIX));
        Path livePart = touch(backups.resolve(".site.example.com-20260101.000001_" + TaskFiles.marker(live)
                + "_789.tar.gz.part"));
        Path livePasswordFile = touch(TaskFiles.taskDirectory(tmp, live).resolve("db-2.cnf"));
        Path freshUnmarked = touch(tmp.resolve("push-fresh.tmp"));
        Path oldUnmarked = touch(tmp.resolve("push-old.tmp"));
        Files.setLastModifiedTime(oldUnmarked, FileTime.from(Instant.now().minus(LeftoverFiles.UNMARKED_AGE)
                .minusSeconds(60)));

        List<String> removed = leftovers.sweep();

        assertThat(deadPart).doesNotExist();
        assertThat(deadSpool).doesNotExist();
        assertThat(deadDump.getParent()).doesNotExist();
        assertThat(unrecorded).doesNotExist();
        assertThat(oldUnmarked).doesNotExist();
        assertThat(livePart).exists();
        assertThat(livePasswordFile).exists();
        assertThat(freshUnmarked).exists();
        assertThat(removed).contains(deadPart.toString(), deadSpool.toString(), deadDump.getParent().toString(),
                unrecorded.toString(), oldUnmarked.toString());
        assertThat(removed).doesNotContain(livePart.toString(), livePasswordFile.getParent().toString());
        assertThat(output.getOut()).containsPattern("INFO .*Removed " + removed.size()
                + " leftover temporary file\\(s\\) of interrupted tasks: .*" + TaskFiles.marker(dead));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(livePasswordFile.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void aTasksTemporaryFilesGoWhenItEndsInAnyState() throws Exception {
        // the sweep would take an ended task's files too: only the ending one's go here
        long ending = task("backup", "PROCESSING");
        long other = task("backup", "ERROR");
        Path tmp = properties.homeDir().resolve("tmp");
        Path endingDump = touch(TaskFiles.taskDirectory(tmp, ending).resolve("deploy-1.sql"));
        Path endingPart = touch(Files.createDirectories(archiver.backupsDirectory())
                .resolve(".end.example.com-20260101.000000_" + TaskFiles.marker(ending) + "_1.tar.gz.part"));
        Path otherDump = touch(TaskFiles.taskDirectory(tmp, other).resolve("deploy-2.sql"));

        leftovers.taskFinished(new TaskFinished(ending, "restore", TargetType.SITE, siteId, TaskStatus.CANCELLED));

        assertThat(endingDump.getParent()).doesNotExist();
        assertThat(endingPart).doesNotExist();
        assertThat(otherDump).exists();
    }

    private long task(String type, String status) {
        return jdbc.sql("""
                INSERT INTO tasks (type, target_type, target_id, site_id, status, created_at)
                VALUES (:type, 'SITE', :site, :site, :status, now()) RETURNING id""")
                .param("type", type).param("site", siteId).param("status", status).query(Long.class).single();
    }

    private static Path touch(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, "leftover");
    }
}
