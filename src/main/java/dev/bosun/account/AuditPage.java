package dev.bosun.account;

import java.util.List;

import dev.bosun.account.AuditLog.AuditEntry;

/** One page of an audit search, newest first; {@code next} is the {@code before} of the next page, null at the end. */
public record AuditPage(List<AuditEntry> items, Long next) {
}
