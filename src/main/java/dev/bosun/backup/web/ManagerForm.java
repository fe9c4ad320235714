package dev.bosun.backup.web;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.format.annotation.DateTimeFormat;

/** The default schedule, the backup window and the retention switch. */
record ManagerForm(
        Boolean scheduleEnabled,
        @NotNull(message = "Give the interval in hours.") @Min(value = 1, message = "The interval is at least 1 hour.")
        @Max(value = 8760, message = "The interval is at most a year (8760 hours).") Integer intervalHours,
        @NotNull(message = "Give the time the window opens.") @DateTimeFormat(pattern = "HH:mm") LocalTime windowStart,
        @NotNull(message = "Give the time the window closes.") @DateTimeFormat(pattern = "HH:mm") LocalTime windowEnd,
        List<DayOfWeek> windowDays,
        @NotBlank(message = "Give a time zone, e.g. UTC or Europe/Berlin.") String timeZone,
        Boolean retentionEnabled) {
}
