package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.UUID;

import dev.bosun.InvalidInputException;
import dev.bosun.drupal.CodebaseArchive;
import dev.bosun.drupal.CodebaseScan;
import dev.bosun.drupal.CodebaseScanner;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.BosunTest;
import dev.bosun.test.ExamplePlatforms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

@BosunTest
@TestPropertySource(properties = ExampleFleet.OWN_CONTEXT)
class PlatformTasksTests {

    @Autowired
    PlatformService platforms;

    @Autowired
    PackageRegistry registry;

    @Autowired
    List<TaskHandler> handlers;

    @Autowired
    JdbcClient jdbc;

    Fleet fleet;
    Path examples;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(jdbc);
        examples = ExamplePlatforms.copy();
    }

    @Test
    void registeringQueuesAVerifyThatEnablesThePlatformWithWhatItsCodebaseHolds() throws Exception {
        Platform platform = register(examples.resolve("example-base").toString());
        assertThat(platform.status()).isEqualTo(PlatformStatus.QUEUED);
        assertThat(platforms.openTasks(platform.id())).containsEntry("verify", TaskStatus.QUEUED);

        RecordingTaskRun run = RecordingTaskRun.run(handler("verify"), platform.id());

        assertThat(run.status()).as(run.text()).isEqualTo(TaskStatus.SUCCESS);
        Platform verified = platforms.get(platform.id());
        CodebaseScan scan = directScan(examples.resolve("example-base"));
        assertThat(verified.status()).isEqualTo(PlatformStatus.ENABLED);
        assertThat(verified.coreVersion()).isEqualTo(scan.coreVersion());
        assertThat(verified.verifiedAt()).isNotNull();
        assertThat(registry.platformPackages(platform.id()))
                .extracting(p -> p.type() + " " + p.name() + " " + p.version() + " " + p.schemaVersion())
                .containsExactlyInAnyOrderElementsOf(scan.packages().stream()
                        .map(p -> p.type() + " " + p.name() + " " + p.version() + " " + p.schemaVersion()).toList());
        assertThat(registry.platformLanguages(platform.id())).containsExactlyInAnyOrderElementsOf(scan.languages());
    }

    @Test
    void verifyOfAMissingDirectoryEndsInErrorNamingIt() {
        Platform platform = register("/srv/no-such-platform-" + UUID.randomUUID());

        RecordingTaskRun run = RecordingTaskRun.run(handler("verify"), platform.id());

        assertThat(run.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(run.messages("ERROR")).anySatisfy(message -> assertThat(message)
                .contains("The platform directory " + platform.rootPath() + " does not exist"));
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.QUEUED);
    }

    @Test
    void verifyWithoutDrushEndsInErrorNamingTheMissingDrush() throws Exception {
        Path root = examples.resolve("example-newer");
        Files.delete(root.resolve("vendor/bin/drush"));
        Platform platform = register(root.toString());

        RecordingTaskRun run = RecordingTaskRun.run(handler("verify"), platform.id());

        assertThat(run.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(run.messages("ERROR")).anySatisfy(message -> assertThat(message)
                .contains("No drush: " + root.resolve("vendor/bin/drush") + " is missing or not executable"));
    }

    @Test
    void verifyWithAWrongDocrootEndsInErrorNamingIt() {
        Path root = examples.resolve("example-lean");
        Platform platform = platforms.register(new PlatformForm("Lean " + UUID.randomUUID(), fleet.master(),
                root.toString(), "docroot", null), "admin").platform();

        RecordingTaskRun run = RecordingTaskRun.run(handler("verify"), platform.id());

        assertThat(run.messages("ERROR")).anySatisfy(message -> assertThat(message)
                .contains("The docroot " + root.resolve("docroot") + " does not exist"));
    }

    @Test
    void verifyWithADrushThatDoesNotRunEndsInErrorAndKeepsWhatAnEarlierVerifyRecorded() throws Exception {
        Path root = examples.resolve("example-older-schema");
        Platform platform = register(root.toString());
        assertThat(RecordingTaskRun.run(handler("verify"), platform.id()).status()).isEqualTo(TaskStatus.SUCCESS);
        int recorded = registry.platformPackages(platform.id()).size();
        Path drush = root.resolve("vendor/bin/drush");
        Files.writeString(drush, "#!/bin/sh\necho 'PHP is not installed' >&2\nexit 127\n");
        Files.setPosixFilePermissions(drush, PosixFilePermissions.fromString("rwxr-xr-x"));

        RecordingTaskRun run = RecordingTaskRun.run(handler("verify"), platform.id());

        assertThat(run.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(run.messages("ERROR")).anySatisfy(message -> assertThat(message)
                .contains("drush at " + drush + " failed (exit 127)"));
        assertThat(run.messages("OUTPUT")).contains("PHP is not installed");
        assertThat(registry.platformPackages(platform.id())).hasSize(recorded);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.ENABLED);
    }

    @Test
    void aLockedPlatformCanOnlyBeUnlockedAndAnUnlockedOneOnlyLocked() {
        Platform platform = verified(examples.resolve("example-base"));
        assertThat(platform.offeredTasks()).containsExactly(PlatformTask.VERIFY, PlatformTask.LOCK, PlatformTask.DELETE);
        assertThatThrownBy(() -> platforms.queueTask(platform.id(), PlatformTask.UNLOCK, "admin"))
                .isInstanceOf(PlatformTaskRefusedException.class).hasMessageContaining("is not locked");

        platforms.queueTask(platform.id(), PlatformTask.LOCK, "admin");
        assertThat(RecordingTaskRun.run(handler("lock"), platform.id()).status()).isEqualTo(TaskStatus.SUCCESS);

        Platform locked = platforms.get(platform.id());
        assertThat(locked.status()).isEqualTo(PlatformStatus.LOCKED);
        assertThat(locked.offeredTasks()).containsExactly(PlatformTask.VERIFY, PlatformTask.UNLOCK, PlatformTask.DELETE);
        assertThat(RecordingTaskRun.run(handler("unlock"), platform.id()).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.ENABLED);
    }

    @Test
    void verifyKeepsALockedPlatformLocked() {
        Platform platform = verified(examples.resolve("example-base"));
        RecordingTaskRun.run(handler("lock"), platform.id());

        assertThat(RecordingTaskRun.run(handler("verify"), platform.id()).status()).isEqualTo(TaskStatus.SUCCESS);

        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.LOCKED);
    }

    @Test
    void aPlatformWithLiveSitesCannotBeDeleted() {
        Platform platform = verified(examples.resolve("example-base"));
        fleet.site("live-" + UUID.randomUUID() + ".example.com", platform.id(), fleet.client("C " + UUID.randomUUID()),
                "DISABLED");

        assertThat(platforms.get(platform.id()).offeredTasks()).doesNotContain(PlatformTask.DELETE);
        assertThatThrownBy(() -> platforms.queueTask(platform.id(), PlatformTask.DELETE, "admin"))
                .isInstanceOf(PlatformTaskRefusedException.class).hasMessageContaining("still has 1 site");
        RecordingTaskRun run = RecordingTaskRun.run(handler("delete"), platform.id());
        assertThat(run.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.ENABLED);
    }

    @Test
    void deletingAPlatformWithoutSitesForgetsItsPackagesAndKeepsItsHistory() {
        Platform platform = verified(examples.resolve("example-base"));
        fleet.site("gone-" + UUID.randomUUID() + ".example.com", platform.id(), fleet.client("C " + UUID.randomUUID()),
                "DELETED");
        platforms.queueTask(platform.id(), PlatformTask.DELETE, "admin");

        RecordingTaskRun run = RecordingTaskRun.run(handler("delete"), platform.id());

        assertThat(run.status()).as(run.text()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.DELETED);
        assertThat(platforms.list()).extracting(Platform::id).doesNotContain(platform.id());
        assertThat(registry.platformPackages(platform.id())).isEmpty();
        assertThat(platforms.recentTasks(platform.id(), 10)).extracting(t -> t.type()).contains("verify", "delete");
        assertThat(Files.exists(Path.of(platform.rootPath()))).isTrue();
    }

    @Test
    void registrationRefusesATakenNameAPathInUseAndAnUnknownServer() {
        Platform platform = register(examples.resolve("example-base").toString());

        assertThatThrownBy(() -> platforms.register(new PlatformForm(platform.name().toUpperCase(), fleet.master(),
                "/srv/other", null, null), "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> platforms.register(new PlatformForm("Other " + UUID.randomUUID(), fleet.master(),
                platform.rootPath() + "/", null, null), "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("rootPath"));
        assertThatThrownBy(() -> platforms.register(new PlatformForm("Other " + UUID.randomUUID(), -1L,
                "/srv/other", null, null), "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("serverId"));
        assertThatThrownBy(() -> platforms.register(new PlatformForm("Other " + UUID.randomUUID(), fleet.master(),
                "/srv/a/../b", null, null), "admin"))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("rootPath"));
    }

    private Platform register(String root) {
        return platforms.register(new PlatformForm("Platform " + UUID.randomUUID(), fleet.master(), root, null, null),
                "admin").platform();
    }

    private Platform verified(Path root) {
        Platform platform = register(root.toString());
        RecordingTaskRun run = RecordingTaskRun.run(handler("verify"), platform.id());
        assertThat(run.status()).as(run.text()).isEqualTo(TaskStatus.SUCCESS);
        return platforms.get(platform.id());
    }

    private TaskHandler handler(String type) {
        return handlers.stream().filter(h -> h.type().equals(type) && h.targetType() == dev.bosun.task.TargetType.PLATFORM)
                .findFirst().orElseThrow();
    }

    private static CodebaseScan directScan(Path root) throws Exception {
        Process process = new ProcessBuilder(CodebaseArchive.command(root.toString(), "web", "vendor/bin/drush")).start();
        byte[] archive = process.getInputStream().readAllBytes();
        process.waitFor();
        return new CodebaseScanner("web").scan(new ByteArrayInputStream(archive));
    }
}
