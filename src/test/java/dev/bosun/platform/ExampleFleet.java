package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import dev.bosun.drupal.DrushOutput;
import dev.bosun.drupal.InstalledExtension;
import dev.bosun.task.TaskQueries;
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

    ExampleFleet(PlatformService platforms, PackageRegistry registry, TaskQueries taskQueries, Fleet fleet)
            throws Exception {
        Path copy = ExamplePlatforms.copy();
        String suffix = " " + UUID.randomUUID().toString().substring(0, 8);
        PlatformTasks tasks = new PlatformTasks(taskQueries);
        base = verified(platforms, tasks, fleet, "Base" + suffix, copy.resolve("example-base"));
        newer = verified(platforms, tasks, fleet, "Newer" + suffix, copy.resolve("example-newer"));
        olderSchema = verified(platforms, tasks, fleet, "Older schema" + suffix, copy.resolve("example-older-schema"));
        lean = verified(platforms, tasks, fleet, "Lean" + suffix, copy.resolve("example-lean"));
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
                                            TaskQueries taskQueries, Fleet fleet) throws Exception {
        if (shared == null) {
            shared = new ExampleFleet(platforms, registry, taskQueries, fleet);
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

    private static Platform verified(PlatformService platforms, PlatformTasks tasks, Fleet fleet, String name, Path root) {
        PlatformRegistration registration = platforms.register(
                new PlatformForm(name, fleet.master(), root.toString(), null, null), "admin");
        long verify = registration.verifyTaskId();
        assertThat(tasks.awaitEnd(verify).status()).as(tasks.text(verify)).isEqualTo(TaskStatus.SUCCESS);
        return platforms.get(registration.platform().id());
    }

    @Override
    public void close() {
        site.close();
    }
}
