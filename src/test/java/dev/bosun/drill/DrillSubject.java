package dev.bosun.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The site a drill works on, its task, and for a clone the new site's domain. */
public record DrillSubject(CrashDrills.Drill drill, long site, long task, String cloneDomain) {

    /** When the site serves again (an install rolled back has nothing to serve: now). */
    public Instant awaitServing(DrillFleet fleet) {
        DrillFleet.Site site = fleet.site(this.site);
        if (drill.type().equals("install") && !site.status().equals("ENABLED")) {
            return Instant.now();
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> fleet.serve(site.domain()) == 200);
        return Instant.now();
    }

    public void assertOldOrNewState(DrillFleet fleet) {
        DrillFleet.Site site = fleet.site(this.site);
        if (drill.type().equals("install")) {
            assertThat(site.status()).as("installed, or not installed as before").isIn("ENABLED", "QUEUED");
            if (site.status().equals("QUEUED")) {
                assertThat(site.dbName()).as("a site not installed has no database").isNull();
                assertThat(Files.exists(site.directory())).as("nor folder").isFalse();
            }
            return;
        }
        assertThat(site.status()).as(site.domain()).isEqualTo("ENABLED");
        assertThat(fleet.serve(site.domain())).as(site.domain() + " serves").isEqualTo(200);
        if (cloneDomain != null) {
            List<DrillFleet.Site> clones = fleet.sitesOfThisRun().stream()
                    .filter(s -> s.domain().equals(cloneDomain)).filter(s -> !s.status().equals("DELETED")).toList();
            for (DrillFleet.Site clone : clones) {
                assertThat(clone.status()).as("the clone " + cloneDomain + " exists only when it is done")
                        .isEqualTo("ENABLED");
                assertThat(fleet.serve(clone.domain())).as(clone.domain() + " serves").isEqualTo(200);
            }
        }
    }
}
