package dev.bosun.backup;

import java.sql.Time;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import dev.bosun.account.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The single row of {@code backup_settings}: archive compression and the manager's settings. */
@Component
class BackupSettingsStore {

    private final JdbcClient jdbc;
    private final Clock clock;

    BackupSettingsStore(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    ArchiveSettings archiveSettings() {
        return jdbc.sql("SELECT compression_level, compression_threads FROM backup_settings WHERE id = 1")
                .query((rs, n) -> new ArchiveSettings(rs.getInt(1), rs.getInt(2))).optional()
                .orElse(ArchiveSettings.DEFAULT);
    }

    void saveArchiveSettings(ArchiveSettings settings) {
        jdbc.sql("""
                UPDATE backup_settings SET compression_level = :level, compression_threads = :threads,
                    updated_at = :now, updated_by = :by WHERE id = 1""")
                .param("level", settings.level()).param("threads", settings.threads())
                .param("now", Timestamp.from(clock.instant())).param("by", AuditLog.currentUsername())
                .update();
    }

    BackupManagerSettings managerSettings() {
        return jdbc.sql("""
                SELECT schedule_enabled, schedule_interval_hours, window_start, window_end, window_days, time_zone,
                       retention_enabled FROM backup_settings WHERE id = 1""")
                .query((rs, n) -> new BackupManagerSettings(
                        new BackupSchedule(rs.getBoolean(1), Duration.ofHours(rs.getInt(2))),
                        new BackupWindow(rs.getTime(3).toLocalTime(), rs.getTime(4).toLocalTime(), days(rs.getString(5))),
                        ZoneId.of(rs.getString(6)), rs.getBoolean(7)))
                .optional().orElse(BackupManagerSettings.DEFAULT);
    }

    void saveManagerSettings(BackupManagerSettings settings) {
        jdbc.sql("""
                UPDATE backup_settings SET schedule_enabled = :enabled, schedule_interval_hours = :hours,
                    window_start = :start, window_end = :end, window_days = :days, time_zone = :zone,
                    retention_enabled = :retention, updated_at = :now, updated_by = :by WHERE id = 1""")
                .param("enabled", settings.schedule().enabled())
                .param("hours", (int) settings.schedule().interval().toHours())
                .param("start", Time.valueOf(settings.window().start()))
                .param("end", Time.valueOf(settings.window().end()))
                .param("days", days(settings.window().days()))
                .param("zone", settings.zone().getId())
                .param("retention", settings.retentionEnabled())
                .param("now", Timestamp.from(clock.instant())).param("by", AuditLog.currentUsername())
                .update();
    }

    static Set<DayOfWeek> days(String stored) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(stored.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(code -> Arrays.stream(DayOfWeek.values())
                        .filter(day -> day.name().startsWith(code)).findFirst().ifPresent(days::add));
        return days;
    }

    static String days(Set<DayOfWeek> days) {
        return days.stream().sorted().map(day -> day.name().substring(0, 3)).collect(Collectors.joining(","));
    }
}
