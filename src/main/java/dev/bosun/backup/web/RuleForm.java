package dev.bosun.backup.web;

import dev.bosun.backup.RetentionRule;
import dev.bosun.backup.RetentionUnit;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A new retention rule: for backups older than X, keep the newest one per Y. */
record RuleForm(
        @NotNull(message = "Give an age.") @Min(value = 1, message = "The age is at least 1.") Integer olderThanAmount,
        @NotNull(message = "Choose a unit.") RetentionUnit olderThanUnit,
        @NotNull(message = "Give a period.") @Min(value = 1, message = "The period is at least 1.") Integer keepPerAmount,
        @NotNull(message = "Choose a unit.") RetentionUnit keepPerUnit,
        @NotNull(message = "Choose which backups the rule applies to.") RetentionRule.Scope appliesTo) {
}
