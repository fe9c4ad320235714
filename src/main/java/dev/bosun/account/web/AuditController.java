package dev.bosun.account.web;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.bosun.InvalidInputException;
import dev.bosun.account.AuditLog;
import dev.bosun.account.AuditPage;
import dev.bosun.account.AuditQuery;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page ({@code /admin/**}: administrators only): filters, newest first, page by page. */
@Controller
class AuditController {

    private final AuditLog auditLog;

    AuditController(AuditLog auditLog) {
        this.auditLog = auditLog;
    }

    @GetMapping("/admin/audit")
    String audit(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
                 @RequestParam(required = false) String target, @RequestParam(required = false) String from,
                 @RequestParam(required = false) String to, @RequestParam(required = false) Long before,
                 Model model) {
        Map<String, String> filter = new LinkedHashMap<>();
        filter.put("user", user);
        filter.put("action", action);
        filter.put("target", target);
        filter.put("from", from);
        filter.put("to", to);
        model.addAttribute("filter", filter);
        model.addAttribute("first", before == null);
        try {
            AuditPage page = auditLog.search(AuditQuery.of(user, action, target, from, to, before, null));
            model.addAttribute("page", page);
        } catch (InvalidInputException refused) {
            Map<String, String> errors = new LinkedHashMap<>();
            refused.violations().forEach(v -> errors.merge(v.field(), v.message(), (a, b) -> a + " " + b));
            model.addAttribute("errors", errors);
            model.addAttribute("page", new AuditPage(java.util.List.of(), null));
        }
        return "account/audit";
    }
}
