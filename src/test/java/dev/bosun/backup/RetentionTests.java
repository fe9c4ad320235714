package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Retention as a table: a site's backups are written as "age-in-hours:kind" (kind A = automated,
 * M = requested, P = pre-delete), ids 1, 2, 3… in that order; rules as "olderThan/keepPer/scope"
 * with h/d/w suffixes. The expected column lists the ids deleted.
 */
class RetentionTests {

    static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no rules delete nothing                     | ''                  | 1:A 30:A 50:A 80:A                | false | ''
            young backups are kept                      | 2d/1d/ALL           | 1:A 12:A 24:A 36:A                | false | ''
            older than 1 day: one per day               | 1d/1d/ALL           | 1:A 25:A 26:A 27:A 49:A 50:A      | false | 3,4,6
            the newest of each period is kept           | 1h/1w/ALL           | 300:A 301:A 302:A                 | false | 2,3
            automated-only rule keeps manual backups    | 1d/1w/AUTOMATED     | 1:A 30:M 31:A 32:A 33:M           | false | 4
            manual-only rule keeps automated backups    | 1d/1w/MANUAL        | 1:A 30:M 31:A 32:M 33:M           | false | 4,5
            several rules: a backup marked by any goes  | 1d/1d/ALL 7d/1w/ALL | 1:A 30:A 200:A 230:A              | false | 4
            pre-delete backup of a deleted site is kept | 1h/1w/ALL           | 31:A 32:A 40:P                    | true  | 2
            the same backups of a live site             | 1h/1w/ALL           | 31:A 32:A 40:P                    | false | 2,3
            periods are counted from the epoch          | 1d/1d/ALL           | 1:A 25:A 35:A 37:A                | false | 3
            exactly the rule's age is not older         | 1d/1w/ALL           | 1:A 24:A 25:A                     | false | ''
            manual-only rule counts pre-delete backups  | 1h/1w/MANUAL        | 31:A 32:M 33:P                    | false | 3
            but not a deleted site's pre-delete backup  | 1h/1w/MANUAL        | 31:A 32:M 33:P                    | true  | ''
            a site's only backup is kept however old    | 1h/1d/ALL           | 5000:A                            | false | ''
            """)
    void retentionDeletesAllButTheNewestPerPeriod(String name, String rules, String backups, boolean siteDeleted,
                                                  String expected) {
        Retention retention = new Retention(rules(rules));

        Set<Long> deleted = retention.toDelete(candidates(backups, siteDeleted), NOW);

        assertThat(deleted).isEqualTo(ids(expected));
    }

    static List<RetentionRule> rules(String text) {
        List<RetentionRule> rules = new ArrayList<>();
        for (String rule : text.trim().split("\\s+")) {
            if (rule.isEmpty()) {
                continue;
            }
            String[] parts = rule.split("/");
            rules.add(new RetentionRule(null, amount(parts[0]), unit(parts[0]), amount(parts[1]), unit(parts[1]),
                    RetentionRule.Scope.valueOf(parts[2])));
        }
        return rules;
    }

    static List<RetentionCandidate> candidates(String text, boolean siteDeleted) {
        List<RetentionCandidate> candidates = new ArrayList<>();
        long id = 1;
        for (String backup : text.trim().split("\\s+")) {
            String[] parts = backup.split(":");
            BackupKind kind = switch (parts[1]) {
                case "A" -> BackupKind.AUTOMATED;
                case "P" -> BackupKind.PRE_DELETE;
                default -> BackupKind.REQUESTED;
            };
            candidates.add(new RetentionCandidate(id++, NOW.minus(Duration.ofHours(Long.parseLong(parts[0]))), kind,
                    siteDeleted));
        }
        return candidates;
    }

    private static int amount(String period) {
        return Integer.parseInt(period.substring(0, period.length() - 1));
    }

    private static RetentionUnit unit(String period) {
        return switch (period.charAt(period.length() - 1)) {
            case 'h' -> RetentionUnit.HOURS;
            case 'd' -> RetentionUnit.DAYS;
            case 'w' -> RetentionUnit.WEEKS;
            default -> throw new IllegalArgumentException(period);
        };
    }

    private static Set<Long> ids(String text) {
        Set<Long> ids = new TreeSet<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::valueOf).forEach(ids::add);
        return ids;
    }
}
