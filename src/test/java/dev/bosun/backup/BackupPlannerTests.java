package dev.bosun.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The planner as a table: one candidate site with its own schedule ("-" the default of 24 h, "off"
 * opted out, else its hours), its latest backup and latest backup task, in hours ago ("-" never).
 */
class BackupPlannerTests {

    static final Instant NOW = Instant.parse("2025-11-26T12:00:00Z");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            never backed up is due                    | -   | -  | -  | true
            a backup within the interval is not due   | -   | 3  | -  | false
            a backup older than the interval is due   | -   | 25 | -  | true
            a recent attempt counts as the last       | -   | 30 | 2  | false
            an old attempt and an old backup          | -   | 30 | 26 | true
            an own shorter interval                   | 1   | 2  | -  | true
            an own longer interval                    | 48  | 25 | -  | false
            an opted-out site is never due            | off | -  | -  | false
            """)
    void dueByIntervalSinceTheLastBackupOrAttempt(String name, String own, String backupHoursAgo,
                                                   String attemptHoursAgo, boolean due) {
        BackupPlanner.Candidate candidate = new BackupPlanner.Candidate(7, "site.example.com", schedule(own),
                ago(backupHoursAgo), ago(attemptHoursAgo));

        List<DueBackup> planned = BackupPlanner.due(BackupSchedule.DEFAULT, List.of(candidate), NOW);

        assertThat(planned).extracting(DueBackup::siteId).isEqualTo(due ? List.of(7L) : List.of());
        if (due) {
            assertThat(planned.get(0).last()).isEqualTo(candidate.last());
        }
    }

    @Test
    void withTheDefaultScheduleOffOnlySitesWithTheirOwnAreDue() {
        List<BackupPlanner.Candidate> candidates = List.of(
                new BackupPlanner.Candidate(1, "default.example.com", null, null, null),
                new BackupPlanner.Candidate(2, "own.example.com", schedule("6"), null, null));

        assertThat(BackupPlanner.due(new BackupSchedule(false, Duration.ofDays(1)), candidates, NOW))
                .extracting(DueBackup::siteId).containsExactly(2L);
    }

    @Test
    void retentionLeavesOutBackupsInUseAndRestingSites() {
        Retention retention = new Retention(List.of(new RetentionRule(null, 1, RetentionUnit.HOURS, 1,
                RetentionUnit.YEARS, RetentionRule.Scope.ALL)));
        Map<Long, List<RetentionCandidate>> bySite = Map.of(
                1L, List.of(backup(11, 30), backup(12, 20), backup(13, 10)),
                2L, List.of(backup(21, 30), backup(22, 10)));

        assertThat(BackupPlanner.deletions(retention, bySite, Set.of(), Set.of(), NOW))
                .containsEntry(1L, List.of(11L, 12L)).containsEntry(2L, List.of(21L));
        assertThat(BackupPlanner.deletions(retention, bySite, Set.of(12L), Set.of(2L), NOW))
                .containsOnlyKeys(1L).containsEntry(1L, List.of(11L));
        assertThat(BackupPlanner.deletions(retention, bySite, Set.of(11L, 12L, 21L), Set.of(), NOW)).isEmpty();
    }

    @Test
    void outsideTheWindowThePlanHasNoBackupsButItsDeletionsAndTheNextOpening() {
        BackupManagerSettings settings = new BackupManagerSettings(BackupSchedule.DEFAULT,
                new BackupWindow(LocalTime.of(2, 0), LocalTime.of(5, 0), EnumSet.allOf(DayOfWeek.class)),
                ZoneId.of("Europe/Berlin"), true);
        List<DueBackup> due = List.of(new DueBackup(1, "a.example.com", null));
        Map<Long, List<Long>> deletions = Map.of(2L, List.of(5L));

        BackupPlan closed = BackupPlanner.plan(settings, NOW, due, deletions);
        BackupPlan open = BackupPlanner.plan(settings, Instant.parse("2025-11-27T01:30:00Z"), due, deletions);

        assertThat(closed.windowOpen()).isFalse();
        assertThat(closed.due()).isEmpty();
        assertThat(closed.deletions()).isEqualTo(deletions);
        assertThat(closed.nextWindowOpening()).isEqualTo(Instant.parse("2025-11-27T01:00:00Z"));
        assertThat(open.windowOpen()).isTrue();
        assertThat(open.due()).isEqualTo(due);
    }

    private static RetentionCandidate backup(long id, int hoursAgo) {
        return new RetentionCandidate(id, NOW.minus(Duration.ofHours(hoursAgo)), BackupKind.AUTOMATED, false);
    }

    private static SiteSchedule schedule(String own) {
        return switch (own) {
            case "-" -> null;
            case "off" -> new SiteSchedule(7, null, false, null);
            default -> new SiteSchedule(7, null, true, Duration.ofHours(Long.parseLong(own)));
        };
    }

    private static Instant ago(String hours) {
        return hours.equals("-") ? null : NOW.minus(Duration.ofHours(Long.parseLong(hours)));
    }
}
