package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import dev.bosun.platform.PlatformSite;
import org.junit.jupiter.api.Test;

/** The platform pages' site states are the site's own, by name: the site module maps one onto the other. */
class PlatformSiteStatusTests {

    @Test
    void everySiteStatusHasItsPlatformPageStatus() {
        assertThat(Arrays.stream(PlatformSite.Status.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(SiteStatus.values()).map(Enum::name).toList());
    }
}
