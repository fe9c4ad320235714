package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackupWindowTests {

    // 2025-11-24 is a Monday.
    static BackupWindow window(String start, String end, String days) {
        Set<DayOfWeek> chosen = days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : BackupSettingsStore.days(days.replace(' ', ','));
        return new BackupWindow(LocalTime.parse(start), LocalTime.parse(end), chosen);
    }

    @ParameterizedTest(name = "{0}-{1} on {2}: at {3} allowed={4}, next={5}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # start | end   | days                        | time                | allowed | next
            00:00   | 00:00 | MON TUE WED THU FRI SAT SUN | 2025-11-24T13:37:00 | true    | 2025-11-24T13:37:00
            02:00   | 05:00 | MON TUE WED THU FRI SAT SUN | 2025-11-24T01:59:59 | false   | 2025-11-24T02:00:00
            02:00   | 05:00 | MON TUE WED THU FRI SAT SUN | 2025-11-24T02:00:00 | true    | 2025-11-24T02:00:00
            02:00   | 05:00 | MON TUE WED THU FRI SAT SUN | 2025-11-24T04:59:59 | true    | 2025-11-24T04:59:59
            02:00   | 05:00 | MON TUE WED THU FRI SAT SUN | 2025-11-24T05:00:00 | false   | 2025-11-25T02:00:00
            02:00   | 05:00 | SAT SUN                     | 2025-11-24T03:00:00 | false   | 2025-11-29T02:00:00
            02:00   | 05:00 | SAT SUN                     | 2025-11-30T03:00:00 | true    | 2025-11-30T03:00:00
            02:00   | 05:00 | SAT SUN                     | 2025-11-30T06:00:00 | false   | 2025-12-06T02:00:00
            22:00   | 04:00 | MON TUE WED THU FRI SAT SUN | 2025-11-24T23:30:00 | true    | 2025-11-24T23:30:00
            22:00   | 04:00 | MON TUE WED THU FRI SAT SUN | 2025-11-25T03:59:00 | true    | 2025-11-25T03:59:00
            22:00   | 04:00 | MON TUE WED THU FRI SAT SUN | 2025-11-25T04:00:00 | false   | 2025-11-25T22:00:00
            22:00   | 04:00 | MON TUE WED THU FRI SAT SUN | 2025-11-25T12:00:00 | false   | 2025-11-25T22:00:00
            22:00   | 04:00 | FRI                         | 2025-11-29T01:00:00 | true    | 2025-11-29T01:00:00
            22:00   | 04:00 | FRI                         | 2025-11-28T01:00:00 | false   | 2025-11-28T22:00:00
            22:00   | 04:00 | FRI                         | 2025-11-29T23:00:00 | false   | 2025-12-05T22:00:00
            22:00   | 22:00 | WED                         | 2025-11-27T21:59:00 | true    | 2025-11-27T21:59:00
            22:00   | 22:00 | WED                         | 2025-11-27T22:00:00 | false   | 2025-12-03T22:00:00
            00:00   | 00:00 | SAT                         | 2025-11-29T23:59:59 | true    | 2025-11-29T23:59:59
            00:00   | 00:00 | SAT                         | 2025-11-30T00:30:00 | false   | 2025-12-06T00:00:00
            22:00   | 04:00 | FRI                         | 2025-11-28T22:00:00 | true    | 2025-11-28T22:00:00
            22:00   | 04:00 | FRI                         | 2025-11-28T21:59:59 | false   | 2025-11-28T22:00:00
            00:00   | 00:00 |                             | 2025-11-24T12:00:00 | false   | none
            """)
    void theWindowAllowsItsHoursAndNamesTheNextOpening(String start, String end, String days, LocalDateTime time,
                                                       boolean allowed, LocalDateTime next) {
        BackupWindow window = window(start, end, days == null ? "" : days);

        assertThat(window.allows(time)).isEqualTo(allowed);
        assertThat(window.nextAllowed(time).orElse(null)).isEqualTo(next);
    }

    @ParameterizedTest(name = "{0}-{1} on {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
            00:00 | 00:00 | MON TUE WED THU FRI SAT SUN | every day, all day
            22:00 | 04:00 | MON FRI                     | Mon, Fri, 22:00–04:00 (next day)
            02:00 | 05:00 | SUN                         | Sun, 02:00–05:00
            """)
    void theWindowHasAReadableLabel(String start, String end, String days, String label) {
        assertThat(window(start, end, days).label()).isEqualTo(label);
    }
}
