package dev.bosun.backup.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/** A site's own schedule: its own interval in hours, or opted out ({@code enabled} false). */
record SiteScheduleForm(
        @NotBlank(message = "Give the site's domain.") String domain,
        Boolean enabled,
        @Min(value = 1, message = "The interval is at least 1 hour.")
        @Max(value = 8760, message = "The interval is at most a year (8760 hours).") Integer intervalHours) {
}
