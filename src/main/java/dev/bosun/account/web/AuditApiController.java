package dev.bosun.account.web;

import dev.bosun.account.AuditLog;
import dev.bosun.account.AuditPage;
import dev.bosun.account.AuditQuery;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit}: the audit log for administrators, filtered, newest first, {@code {items, next}}
 * (keyset paging: pass {@code next} as {@code before} for the following page). Read only: the log has no
 * path that changes an entry.
 */
@RestController
@RequestMapping("/api/v1/audit")
@PreAuthorize("hasRole('ADMIN')")
class AuditApiController {

    private final AuditLog auditLog;

    AuditApiController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping
    AuditPage list(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
                   @RequestParam(required = false) String target, @RequestParam(required = false) String from,
                   @RequestParam(required = false) String to, @RequestParam(required = false) Long before,
                   @RequestParam(required = false) Integer size) {
        return auditLog.search(AuditQuery.of(user, action, target, from, to, before, size));
    }
}
