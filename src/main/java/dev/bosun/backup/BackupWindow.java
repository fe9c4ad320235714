package dev.bosun.backup;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When scheduled backups may start: the window opens at {@code start} on each of {@code days}
 * and closes at {@code end}, the same day, or the next day when {@code end} is not after
 * {@code start} (a window crossing midnight belongs to the day it opens). {@code start == end}
 * is a whole day. Outside the window a due backup waits for {@link #nextAllowed}.
 */
public record BackupWindow(LocalTime start, LocalTime end, Set<DayOfWeek> days) {

    public static final BackupWindow ALWAYS = new BackupWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT,
            EnumSet.allOf(DayOfWeek.class));

    public BackupWindow {
        if (start == null || end == null || days == null) {
            throw new IllegalArgumentException("a backup window needs a start, an end and days");
        }
        days = days.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(days));
    }

    public boolean allows(LocalDateTime time) {
        LocalDate date = time.toLocalDate();
        return opensOn(date) && within(date, time) || opensOn(date.minusDays(1)) && within(date.minusDays(1), time);
    }

    /** {@code time} itself when allowed, else the next opening; empty when no day is chosen. */
    public Optional<LocalDateTime> nextAllowed(LocalDateTime time) {
        if (allows(time)) {
            return Optional.of(time);
        }
        for (int i = 0; i <= 7; i++) {
            LocalDate date = time.toLocalDate().plusDays(i);
            LocalDateTime opening = date.atTime(start);
            if (opensOn(date) && opening.isAfter(time)) {
                return Optional.of(opening);
            }
        }
        return Optional.empty();
    }

    public boolean crossesMidnight() {
        return !end.isAfter(start) && !end.equals(start);
    }

    /** '02:00–05:00 on Mon, Tue', 'every day, all day'. */
    public String label() {
        String hours = start.equals(end) ? "all day" : start + "–" + end + (crossesMidnight() ? " (next day)" : "");
        if (days.isEmpty()) {
            return "never (no day chosen)";
        }
        String on = days.size() == 7 ? "every day" : days.stream().sorted()
                .map(day -> day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).collect(Collectors.joining(", "));
        return on + ", " + hours;
    }

    private boolean opensOn(LocalDate date) {
        return days.contains(date.getDayOfWeek());
    }

    private boolean within(LocalDate openingDay, LocalDateTime time) {
        LocalDateTime opening = openingDay.atTime(start);
        LocalDateTime closing = end.isAfter(start) ? openingDay.atTime(end) : openingDay.plusDays(1).atTime(end);
        return !time.isBefore(opening) && time.isBefore(closing);
    }
}
