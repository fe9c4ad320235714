package dev.bosun.platform.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.bosun.drupal.CodebaseArchive;
import dev.bosun.drupal.CodebaseScan;
import dev.bosun.drupal.CodebaseScanner;
import dev.bosun.drupal.DrushCommand;
import dev.bosun.drupal.DrushCommands;
import dev.bosun.drupal.DrushOutput;
import dev.bosun.drupal.DrushOutputException;
import dev.bosun.drupal.DrushStatus;
import dev.bosun.drupal.PackageType;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskLogger;
import dev.bosun.task.TaskRun;
import org.springframework.stereotype.Component;

/**
 * Verify: reads the codebase's metadata in one round trip, checks that drush runs and sees the same
 * Drupal, records the packages and languages, and enables a new platform. Re-runnable; a failure
 * leaves the registry as it was. A server without PHP is a warning, not a failure: the codebase is
 * recorded, and the site tasks that need drush say what is missing.
 */
@Component
class PlatformVerifyHandler implements TaskHandler {

    static final Duration ARCHIVE_TIMEOUT = Duration.ofMinutes(5);
    static final Duration DRUSH_TIMEOUT = Duration.ofMinutes(2);

    private final PlatformStore platforms;
    private final PackageRegistry registry;
    private final PlatformHost host;
    private final Clock clock;

    PlatformVerifyHandler(PlatformStore platforms, PackageRegistry registry, PlatformHost host, Clock clock) {
        this.platforms = platforms;
        this.registry = registry;
        this.host = host;
        this.clock = clock;
    }

    @Override
    public TargetType targetType() {
        return TargetType.PLATFORM;
    }

    @Override
    public String type() {
        return "verify";
    }

    @Override
    public void run(TaskRun run) throws Exception {
        Platform platform = PlatformHandlers.live(platforms, run.targetId());
        Verification verification = new Verification(platform);
        run.step("Read the codebase", verification::readCodebase);
        run.step("Scan the packages", verification::scan);
        run.step("Check drush", verification::checkDrush);
        run.step("Record the packages", verification::record);
    }

    private final class Verification {

        private final Platform platform;
        private byte[] archive;
        private CodebaseScan scan;
        private boolean phpMissing;

        Verification(Platform platform) {
            this.platform = platform;
        }

        void readCodebase(TaskLogger log) {
            log.info("Reading the metadata of " + platform.rootPath() + " on " + platform.serverName());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> errors = new ArrayList<>();
            int exit = host.exec(platform, CodebaseArchive.command(platform.rootPath(), platform.docroot(),
                    platform.drushPath()), out, errors::add, ARCHIVE_TIMEOUT);
            if (exit != 0) {
                errors.forEach(log::output);
                throw new PlatformCheckException(CodebaseArchive.explainFailure(exit, platform.rootPath(),
                        platform.docroot(), platform.drushPath()));
            }
            archive = out.toByteArray();
            log.ok("Read " + archive.length + " bytes of metadata in one round trip.");
        }

        void scan(TaskLogger log) throws IOException {
            scan = new CodebaseScanner(platform.docroot()).scan(new ByteArrayInputStream(archive));
            if (scan.coreVersion() == null) {
                throw new PlatformCheckException("No Drupal core version: " + platform.docrootPath()
                        + "/core/lib/Drupal.php has no VERSION constant.");
            }
            scan.problems().forEach(log::warning);
            log.ok("Drupal " + scan.coreVersion() + ": " + names(PackageType.PROFILE, "profile") + ", "
                    + count(PackageType.MODULE, "module") + ", " + count(PackageType.THEME, "theme")
                    + "; languages " + scan.languages().stream().map(l -> l.langcode()).distinct().sorted()
                    .collect(Collectors.joining(", ")) + ".");
            if (scan.ofType(PackageType.PROFILE).stream().allMatch(p -> p.hidden())) {
                log.warning("No install profile that sites can be installed with was found.");
            }
        }

        void checkDrush(TaskLogger log) {
            DrushCommand status = DrushCommands.forPlatform(platform.drushExecutable(), platform.docrootPath()).status();
            log.info("$ " + status);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            List<String> errors = new ArrayList<>();
            int exit = host.exec(platform, status.args(), out, errors::add, DRUSH_TIMEOUT);
            errors.forEach(log::output);
            String stdout = out.toString(StandardCharsets.UTF_8);
            if (DrushOutput.phpMissing(exit, String.join("\n", errors))) {
                log.warning(DrushOutput.phpNeeded(platform.serverName()) + " Until then, installs and other site "
                        + "tasks on this platform fail.");
                phpMissing = true;
                return;
            }
            if (exit != 0) {
                throw new PlatformCheckException("drush at " + platform.drushExecutable() + " failed (exit " + exit
                        + "); it must run with PHP on " + platform.serverName() + ".");
            }
            DrushStatus drush = parse(stdout);
            if (drush.drupalVersion() == null) {
                log.warning("drush reported no Drupal version for " + platform.docrootPath() + ".");
            } else if (!drush.drupalVersion().equals(scan.coreVersion())) {
                log.warning("drush reports Drupal " + drush.drupalVersion() + " but core/lib/Drupal.php says "
                        + scan.coreVersion() + ".");
            } else {
                log.ok("drush " + drush.drushVersion() + " runs and sees Drupal " + drush.drupalVersion() + ".");
            }
        }

        private DrushStatus parse(String stdout) {
            try {
                return DrushOutput.status(stdout);
            } catch (DrushOutputException e) {
                throw new PlatformCheckException("drush at " + platform.drushExecutable() + " answered, but not as drush: "
                        + e.getMessage());
            }
        }

        void record(TaskLogger log) {
            registry.recordPlatformScan(platform.id(), scan);
            platforms.recordVerified(platform.id(), scan.coreVersion(), clock.instant());
            if (platform.status() == PlatformStatus.QUEUED) {
                log.ok("Platform " + platform.name() + " is enabled: sites can be installed on it"
                        + (phpMissing ? " once PHP is installed on " + platform.serverName() + "." : "."));
            } else {
                log.ok("Recorded " + scan.packages().size() + " packages for " + platform.name() + ".");
            }
        }

        private String count(PackageType type, String noun) {
            int n = scan.ofType(type).size();
            return n + " " + noun + (n == 1 ? "" : "s");
        }

        private String names(PackageType type, String noun) {
            List<String> names = scan.ofType(type).stream().filter(p -> !p.hidden()).map(p -> p.name()).toList();
            return names.size() + " " + noun + (names.size() == 1 ? "" : "s")
                    + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")");
        }
    }
}
