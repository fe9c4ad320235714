package dev.bosun.backup;

import java.time.Duration;

/** The periods retention rules count in (a month is 30 days, a year 365, as fixed lengths). */
public enum RetentionUnit {
    HOURS(Duration.ofHours(1), "hour"),
    DAYS(Duration.ofDays(1), "day"),
    WEEKS(Duration.ofDays(7), "week"),
    MONTHS(Duration.ofDays(30), "month"),
    YEARS(Duration.ofDays(365), "year");

    private final Duration length;
    private final String singular;

    RetentionUnit(Duration length, String singular) {
        this.length = length;
        this.singular = singular;
    }

    public Duration times(int amount) {
        return length.multipliedBy(amount);
    }

    public String label(int amount) {
        return amount == 1 ? singular : amount + " " + singular + "s";
    }
}
