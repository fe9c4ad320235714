package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupScheduleTests {

    static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");

    @ParameterizedTest(name = "default {0}/{1}h, site {2}/{3}h, last {4}h ago: due={5}")
    @CsvSource(nullValues = "-", textBlock = """
            # default on, interval, site override, its interval, last backup hours ago, due
            true,  24, -,     -,  -,  true
            true,  24, -,     -,  23, false
            true,  24, -,     -,  24, true
            false, 24, -,     -,  -,  false
            false, 24, true,  6,  7,  true
            false, 24, true,  6,  5,  false
            true,  24, true,  48, 30, false
            true,  24, false, -,  -,  false
            true,  24, false, -,  1000, false
            """)
    void aSiteIsDueWhenItsScheduleIsOnAndItsIntervalHasPassed(boolean defaultOn, int defaultHours, Boolean siteOn,
                                                             Integer siteHours, Integer hoursAgo, boolean due) {
        BackupSchedule schedule = new BackupSchedule(defaultOn, Duration.ofHours(defaultHours));
        SiteSchedule own = siteOn == null ? null
                : new SiteSchedule(1, "example.com", siteOn, siteHours == null ? null : Duration.ofHours(siteHours));
        Instant last = hoursAgo == null ? null : NOW.minus(Duration.ofHours(hoursAgo));

        boolean actual = schedule.intervalFor(own).map(interval -> BackupSchedule.isDue(interval, last, NOW)).orElse(false);

        assertThat(actual).isEqualTo(due);
    }

    @ParameterizedTest(name = "{0} bytes = {1}")
    @CsvSource(textBlock = """
            0,             0 bytes
            1,             1 byte
            1023,          1023 bytes
            1024,          1.0 KB
            1536,          1.5 KB
            13002342,      12.4 MB
            1073741824,    1.0 GB
            1073700000,    1.0 GB
            5497558138880, 5.0 TB
            """)
    void sizesAreShownAsPeopleReadThem(long bytes, String shown) {
        assertThat(HumanSize.format(bytes)).isEqualTo(shown);
    }
}
