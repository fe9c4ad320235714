package dev.bosun.account.web;

import dev.bosun.account.AccountService;
import dev.bosun.account.AuditLog;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class AdminController {

    private final AccountService accounts;
    private final AuditLog auditLog;

    AdminController(AccountService accounts, AuditLog auditLog) {
        this.accounts = accounts;
        this.auditLog = auditLog;
    }

    @GetMapping("/admin")
    String admin(Model model) {
        model.addAttribute("users", accounts.listUsers());
        model.addAttribute("audit", auditLog.latest(50));
        return "account/admin";
    }
}
