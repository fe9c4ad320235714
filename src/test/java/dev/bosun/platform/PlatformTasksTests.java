package dev.bosun.platform;

import static dev.bosun.task.TaskLogLine.Level.ERROR;
import static dev.bosun.task.TaskLogLine.Level.OUTPUT;
import static dev.bosun.task.TaskLogLine.Level.WARNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

import dev.bosun.InvalidInputException;
import dev.bosun.drupal.CodebaseArchive;
import dev.bosun.drupal.CodebaseScan;
import dev.bosun.drupal.CodebaseScanner;
import dev.bosun.task.QueuedTask;
import dev.bosun.task.TaskDetails;
import dev.bosun.task.TaskQueries;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.BosunTest;
import dev.bosun.test.ExamplePlatforms;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** Platform tasks end to end: queued by the platform service, run by the dispatcher, on real codebases. */
@BosunTest
@TestPropertySource(properties = ExampleFleet.OWN_CONTEXT)
class PlatformTasksTests {

    @Autowired
    PlatformService platforms;

    @Autowired
    PackageRegistry registry;

    @Autowired
    TaskQueries taskQueries;

    @Autowired
    JdbcClient jdbc;

    Fleet fleet;
    PlatformTasks tasks;
    Path examples;

    @BeforeEach
    void setUp() {
        fleet = new Fleet(jdbc);
        tasks = new PlatformTasks(taskQueries);
        examples = ExamplePlatforms.copy();
    }

    @Test
    void registeringQueuesAVerifyThatEnablesThePlatformWithWhatItsCodebaseHolds() throws Exception {
        PlatformRegistration registration = register(examples.resolve("example-base").toString());
        assertThat(registration.platform().status()).isEqualTo(PlatformStatus.QUEUED);

        TaskDetails verify = tasks.awaitEnd(registration.verifyTaskId());

        assertThat(verify.status()).as(tasks.text(verify.id())).isEqualTo(TaskStatus.SUCCESS);
        assertThat(verify.type()).isEqualTo("verify");
        assertThat(verify.steps()).extracting(step -> step.name())
                .containsExactly("Read the codebase", "Scan the packages", "Check drush", "Record the packages");
        Platform verified = platforms.get(registration.platform().id());
        CodebaseScan scan = directScan(examples.resolve("example-base"));
        assertThat(verified.status()).isEqualTo(PlatformStatus.ENABLED);
        assertThat(verified.coreVersion()).isEqualTo(scan.coreVersion());
        assertThat(verified.verifiedAt()).isNotNull();
        assertThat(registry.platformPackages(verified.id()))
                .extracting(p -> p.type() + " " + p.name() + " " + p.version() + " " + p.schemaVersion())
                .containsExactlyInAnyOrderElementsOf(scan.packages().stream()
                        .map(p -> p.type() + " " + p.name() + " " + p.version() + " " + p.schemaVersion()).toList());
        assertThat(registry.platformLanguages(verified.id())).containsExactlyInAnyOrderElementsOf(scan.languages());
    }

    @Test
    void verifyOfAMissingDirectoryEndsInErrorNamingIt() {
        PlatformRegistration registration = register("/srv/no-such-platform-" + UUID.randomUUID());

        TaskDetails verify = tasks.awaitEnd(registration.verifyTaskId());

        assertThat(verify.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(tasks.messages(verify.id(), ERROR)).anySatisfy(message -> assertThat(message)
                .contains("The platform directory " + registration.platform().rootPath() + " does not exist"));
        assertThat(platforms.get(registration.platform().id()).status()).isEqualTo(PlatformStatus.QUEUED);
    }

    @Test
    void verifyWithoutDrushEndsInErrorNamingTheMissingDrush() throws Exception {
        Path root = examples.resolve("example-newer");
        Files.delete(root.resolve("vendor/bin/drush"));

        TaskDetails verify = tasks.awaitEnd(register(root.toString()).verifyTaskId());

        assertThat(verify.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(tasks.messages(verify.id(), ERROR)).anySatisfy(message -> assertThat(message)
                .contains("No drush: " + root.resolve("vendor/bin/drush") + " is missing or not executable"));
    }

    @Test
    void verifyWithAWrongDocrootEndsInErrorNamingIt() {
        Path root = examples.resolve("example-lean");
        PlatformRegistration registration = platforms.register(new PlatformForm("Lean " + UUID.randomUUID(),
                fleet.master(), root.toString(), "docroot", null), "admin");

        TaskDetails verify = tasks.awaitEnd(registration.verifyTaskId());

        assertThat(tasks.messages(verify.id(), ERROR)).anySatisfy(message -> assertThat(message)
                .contains("The docroot " + root.resolve("docroot") + " does not exist"));
    }

    @Test
    void verifyWithADrushThatDoesNotRunEndsInErrorAndKeepsWhatAnEarlierVerifyRecorded() throws Exception {
        Path root = examples.resolve("example-older-schema");
        Platform platform = verified(root);
        int recorded = registry.platformPackages(platform.id()).size();
        Path drush = root.resolve("vendor/bin/drush");
        Files.writeString(drush, "#!/bin/sh\necho 'PHP is not installed' >&2\nexit 127\n");
        Files.setPosixFilePermissions(drush, PosixFilePermissions.fromString("rwxr-xr-x"));

        TaskDetails verify = tasks.awaitEnd(queue(platform, PlatformTask.VERIFY));

        assertThat(verify.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(tasks.messages(verify.id(), ERROR)).anySatisfy(message -> assertThat(message)
                .contains("drush at " + drush + " failed (exit 127)"));
        assertThat(tasks.messages(verify.id(), OUTPUT)).contains("PHP is not installed");
        assertThat(registry.platformPackages(platform.id())).hasSize(recorded);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.ENABLED);
    }

    @Test
    void onAServerWithoutPhpVerifyRecordsTheCodebaseAndWarnsThatPhpIsNeeded() throws Exception {
        Path root = examples.resolve("example-lean");
        Path drush = root.resolve("vendor/bin/drush");
        String script = Files.readString(drush);
        // As env answers when the php of drush's first line is not installed.
        Files.writeString(drush, script.replaceFirst("^#!/usr/bin/env php", "#!/usr/bin/env php-not-installed"));

        PlatformRegistration registration = register(root.toString());
        TaskDetails verify = tasks.awaitEnd(registration.verifyTaskId());

        assertThat(verify.status()).as(tasks.text(verify.id())).isEqualTo(TaskStatus.WARNING);
        assertThat(tasks.messages(verify.id(), WARNING)).anySatisfy(message -> assertThat(message)
                .startsWith("PHP is needed to run drush on master, and it is not installed there")
                .contains("apt-get install php-cli"));
        assertThat(platforms.get(registration.platform().id()).status()).isEqualTo(PlatformStatus.ENABLED);
        assertThat(tasks.text(verify.id())).contains("sites can be installed on it once PHP is installed on master.");
        assertThat(registry.platformPackages(registration.platform().id())).isNotEmpty();
    }

    @Test
    void verifyOnAServerThatCannotBeReachedEndsInErrorNamingTheServer() {
        String name = "web-" + UUID.randomUUID().toString().substring(0, 8);
        long server = jdbc.sql("""
                INSERT INTO servers (name, hostname, port, ssh_user, status) VALUES (:name, '127.0.0.1', 1, 'aegir', 'ENABLED')
                RETURNING id""").param("name", name).query(Long.class).single();
        PlatformRegistration registration = platforms.register(new PlatformForm("Remote " + UUID.randomUUID(), server,
                "/var/aegir/platforms/d10", null, null), "admin");

        TaskDetails verify = tasks.awaitEnd(registration.verifyTaskId());

        assertThat(verify.status()).isEqualTo(TaskStatus.ERROR);
        assertThat(tasks.messages(verify.id(), ERROR)).anySatisfy(message -> assertThat(message)
                .contains("Step 'Read the codebase' failed: On server " + name + ": "));
    }

    @Test
    void aLockedPlatformCanOnlyBeUnlockedAndAnUnlockedOneOnlyLocked() {
        Platform platform = verified(examples.resolve("example-base"));
        assertThat(platform.offeredTasks()).containsExactly(PlatformTask.VERIFY, PlatformTask.LOCK, PlatformTask.DELETE);
        assertThatThrownBy(() -> platforms.queueTask(platform.id(), PlatformTask.UNLOCK, "admin"))
                .isInstanceOf(PlatformTaskRefusedException.class).hasMessageContaining("is not locked");

        assertThat(tasks.awaitEnd(queue(platform, PlatformTask.LOCK)).status()).isEqualTo(TaskStatus.SUCCESS);

        Platform locked = platforms.get(platform.id());
        assertThat(locked.status()).isEqualTo(PlatformStatus.LOCKED);
        assertThat(locked.offeredTasks()).containsExactly(PlatformTask.VERIFY, PlatformTask.UNLOCK, PlatformTask.DELETE);
        assertThat(tasks.awaitEnd(queue(locked, PlatformTask.UNLOCK)).status()).isEqualTo(TaskStatus.SUCCESS);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.ENABLED);
    }

    @Test
    void verifyKeepsALockedPlatformLocked() {
        Platform platform = verified(examples.resolve("example-base"));
        tasks.awaitEnd(queue(platform, PlatformTask.LOCK));

        assertThat(tasks.awaitEnd(queue(platform, PlatformTask.VERIFY)).status()).isEqualTo(TaskStatus.SUCCESS);

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
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.ENABLED);
    }

    @Test
    void deletingAPlatformWithoutSitesForgetsItsPackagesAndKeepsItsHistory() {
        Platform platform = verified(examples.resolve("example-base"));
        fleet.site("gone-" + UUID.randomUUID() + ".example.com", platform.id(), fleet.client("C " + UUID.randomUUID()),
                "DELETED");

        TaskDetails delete = tasks.awaitEnd(queue(platform, PlatformTask.DELETE));

        assertThat(delete.status()).as(tasks.text(delete.id())).isEqualTo(TaskStatus.SUCCESS);
        assertThat(platforms.get(platform.id()).status()).isEqualTo(PlatformStatus.DELETED);
        assertThat(platforms.list()).extracting(Platform::id).doesNotContain(platform.id());
        assertThat(registry.platformPackages(platform.id())).isEmpty();
        assertThat(platforms.recentTasks(platform.id(), 10)).extracting(t -> t.type()).contains("verify", "delete");
        assertThat(Files.exists(Path.of(platform.rootPath()))).isTrue();
        assertThat(platforms.get(platform.id()).offeredTasks()).isEmpty();
    }

    @Test
    void queueingATaskThatIsAlreadyOpenReturnsTheOpenOne() {
        Platform platform = verified(examples.resolve("example-base"));
        jdbc.sql("INSERT INTO tasks (type, target_type, target_id, status, started_at, lease_owner, lease_expires_at)"
                        + " VALUES ('verify', 'PLATFORM', :id, 'PROCESSING', now(), 'elsewhere', now() + interval '1 hour')")
                .param("id", platform.id()).update();

        QueuedTask again = platforms.queueTask(platform.id(), PlatformTask.VERIFY, "admin");

        assertThat(again.created()).isFalse();
        assertThat(again.task().status()).isEqualTo(TaskStatus.PROCESSING);
        assertThat(platforms.openTasks(platform.id())).containsEntry("verify", TaskStatus.PROCESSING);
    }

    @Test
    void registrationRefusesATakenNameAPathInUseAndAnUnknownServer() {
        Platform platform = register(examples.resolve("example-base").toString()).platform();

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

    private PlatformRegistration register(String root) {
        return platforms.register(new PlatformForm("Platform " + UUID.randomUUID(), fleet.master(), root, null, null),
                "admin");
    }

    private Platform verified(Path root) {
        PlatformRegistration registration = register(root.toString());
        TaskDetails verify = tasks.awaitEnd(registration.verifyTaskId());
        assertThat(verify.status()).as(tasks.text(verify.id())).isEqualTo(TaskStatus.SUCCESS);
        return platforms.get(registration.platform().id());
    }

    private long queue(Platform platform, PlatformTask task) {
        QueuedTask queued = platforms.queueTask(platform.id(), task, "admin");
        assertThat(queued.created()).isTrue();
        return queued.task().id();
    }

    private static CodebaseScan directScan(Path root) throws Exception {
        Process process = new ProcessBuilder(CodebaseArchive.command(root.toString(), "web", "vendor/bin/drush")).start();
        byte[] archive = process.getInputStream().readAllBytes();
        process.waitFor();
        return new CodebaseScanner("web").scan(new ByteArrayInputStream(archive));
    }
}
