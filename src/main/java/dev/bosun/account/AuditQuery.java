package dev.bosun.account;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.bosun.InvalidInputException;
import dev.bosun.InvalidInputException.Violation;

/**
 * A search of the audit log: entries of a user (exact, any case), of an action (exact, or every action below
 * it: {@code site.task} finds {@code site.task.backup}), on a target ({@code site} or {@code site:12}), at or
 * after {@code from} and before {@code to}; newest first, {@code size} at most, below the entry {@code before}
 * (keyset paging: the previous page's last id). Null means "any".
 */
public record AuditQuery(String user, String action, String targetType, Long targetId, Instant from, Instant to,
                         Long before, int size) {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 200;
    private static final int MAX_TEXT = 100;

    /**
     * The query of a page's or the API's parameters, checked: 422 naming each bad field. Times are ISO-8601
     * instants ({@code 2026-01-31T12:00:00Z}) or dates; a date {@code to} includes that whole day (UTC).
     */
    public static AuditQuery of(String user, String action, String target, String from, String to, Long before,
                                Integer size) {
        List<Violation> violations = new ArrayList<>();
        String targetType = null;
        Long targetId = null;
        String targetText = blankToNull(target);
        if (targetText != null) {
            String[] parts = targetText.split(":", 2);
            targetType = parts[0].toLowerCase(Locale.ROOT);
            if (!targetType.matches("[a-z][a-z_-]{0,49}")) {
                violations.add(new Violation("target", "Use a target type such as site, or site:12."));
            } else if (parts.length == 2) {
                try {
                    targetId = Long.valueOf(parts[1]);
                } catch (NumberFormatException e) {
                    violations.add(new Violation("target", "The target's id is a number: site:12."));
                }
            }
        }
        Instant fromTime = time("from", from, false, violations);
        Instant toTime = time("to", to, true, violations);
        if (fromTime != null && toTime != null && !fromTime.isBefore(toTime)) {
            violations.add(new Violation("to", "Choose a time after the start."));
        }
        text("user", user, violations);
        text("action", action, violations);
        if (before != null && before <= 0) {
            violations.add(new Violation("before", "The id of the previous page's last entry."));
        }
        if (size != null && (size < 1 || size > MAX_SIZE)) {
            violations.add(new Violation("size", "From 1 to " + MAX_SIZE + " entries a page."));
        }
        if (!violations.isEmpty()) {
            throw new InvalidInputException(violations);
        }
        return new AuditQuery(blankToNull(user), blankToNull(action), targetType, targetId, fromTime, toTime, before,
                size == null ? DEFAULT_SIZE : size);
    }

    /** The same search, from the entry below {@code id} on. */
    public AuditQuery below(long id) {
        return new AuditQuery(user, action, targetType, targetId, from, to, id, size);
    }

    private static Instant time(String field, String value, boolean endOfDay, List<Violation> violations) {
        String text = blankToNull(value);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException notDate) {
                violations.add(new Violation(field, "Use a date (2026-01-31) or a UTC time (2026-01-31T12:00:00Z)."));
                return null;
            }
        }
    }

    private static void text(String field, String value, List<Violation> violations) {
        if (value != null && (value.length() > MAX_TEXT || value.chars().anyMatch(Character::isISOControl))) {
            violations.add(new Violation(field, "At most " + MAX_TEXT + " characters, one line."));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
