package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.bosun.drupal.DrushOutput;
import dev.bosun.drupal.InstalledExtension;
import dev.bosun.task.TargetType;
import dev.bosun.task.TaskHandler;
import dev.bosun.task.TaskStatus;
import dev.bosun.test.ExamplePlatforms;
import dev.bosun.test.ExampleSite;

/**
 * The four example platforms registered and verified, and a site really installed on example-base
 * (MariaDB) whose packages are recorded as a site verify would record them.
 */
final class ExampleFleet implements AutoCloseable {

    /**
     * Platform tests run in an application context (and database) of their own: registering platforms
     * queues tasks, which other tests' empty-queue expectations must not see.
     */
    static final String OWN_CONTEXT = "bosun.test.context=platform";

    private static ExampleFleet shared;

    final Platform base;
    final Platform newer;
    final Platform olderSchema;
    final Platform lean;
    final long siteId;
    final ExampleSite site;

    ExampleFleet(PlatformService platforms, PackageRegistry registry, List<TaskHandler> handlers, Fleet fleet)
            throws Exception {
        Path copy = ExamplePlatforms.copy();
        String suffix = " " + UUID.randomUUID().toString().substring(0, 8);
        TaskHandler verify = handlers.stream()
                .filter(h -> h.type().equals("verify") && h.targetType() == TargetType.PLATFORM).findFirst().orElseThrow();
        base = verified(platforms, verify, fleet, "Base" + suffix, copy.resolve("example-base"));
        newer = verified(platforms, verify, fleet, "Newer" + suffix, copy.resolve("example-newer"));
        olderSchema = verified(platforms, verify, fleet, "Older schema" + suffix, copy.resolve("example-older-schema"));
        lean = verified(platforms, verify, fleet, "Lean" + suffix, copy.resolve("example-lean"));
        site = new ExampleSite("mariadb", copy.resolve("example-base"));
        assertThat(site.install().exit()).isZero();
        siteId = fleet.site(site.domain, base.id(), fleet.client("Client" + suffix), "ENABLED");
        registry.recordSitePackages(siteId, installed(site).stream()
                .map(e -> new SitePackage(e.name(), e.type(), e.version(), e.schemaVersion(), e.enabled())).toList());
    }

    /**
     * One fleet for every test class in this JVM (they share the application context and its database);
     * its site database is dropped when the JVM ends.
     */
    static synchronized ExampleFleet shared(PlatformService platforms, PackageRegistry registry,
                                            List<TaskHandler> handlers, Fleet fleet) throws Exception {
        if (shared == null) {
            shared = new ExampleFleet(platforms, registry, handlers, fleet);
            ExampleFleet fleetToClose = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(fleetToClose::close));
        }
        return shared;
    }

    /** What a site verify records: pm:list, the schema query and core:status, combined. */
    static List<InstalledExtension> installed(ExampleSite site) throws Exception {
        return InstalledExtension.combine(DrushOutput.extensions(site.run(site.drush().packages()).stdout()),
                DrushOutput.schemaVersions(site.run(site.drush().schemaVersions()).stdout()),
                DrushOutput.status(site.run(site.drush().status()).stdout()).drupalVersion());
    }

    private static Platform verified(PlatformService platforms, TaskHandler verify, Fleet fleet, String name, Path root) {
        Platform platform = platforms.register(new PlatformForm(name, fleet.master(), root.toString(), null, null),
                "admin").platform();
        RecordingTaskRun run = RecordingTaskRun.run(verify, platform.id());
        assertThat(run.status()).as(run.text()).isEqualTo(TaskStatus.SUCCESS);
        fleet.finishTasks(platform.id());
        return platforms.get(platform.id());
    }

    @Override
    public void close() {
        site.close();
    }
}
