package dev.bosun.site.web;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

import dev.bosun.account.AccountService;
import dev.bosun.account.ClientScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class SiteListController {

    private final JdbcClient jdbc;
    private final AccountService accounts;

    SiteListController(JdbcClient jdbc, AccountService accounts) {
        this.jdbc = jdbc;
        this.accounts = accounts;
    }

    @GetMapping("/sites")
    @Transactional(readOnly = true)
    String sites(Principal principal, Model model) {
        ClientScope scope = accounts.clientScope(principal.getName());
        String filter = scope.all() ? "" : " AND s.client_id IN (:clientIds)";
        var statement = jdbc.sql("""
                SELECT s.id, s.domain, s.status, p.name AS platform, c.name AS client, s.created_at
                FROM sites s JOIN platforms p ON p.id = s.platform_id JOIN clients c ON c.id = s.client_id
                WHERE s.status <> 'DELETED'%s ORDER BY s.domain LIMIT 100""".formatted(filter));
        if (!scope.all()) {
            statement = statement.param("clientIds", scope.clientIds().isEmpty() ? List.of(-1L) : scope.clientIds());
        }
        List<SiteRow> sites = statement.query((rs, n) -> new SiteRow(rs.getLong("id"), rs.getString("domain"), rs.getString("status"),
                        rs.getString("platform"), rs.getString("client"), rs.getTimestamp("created_at").toInstant()))
                .list();
        model.addAttribute("sites", sites);
        return "site/list";
    }

    record SiteRow(long id, String domain, String status, String platform, String client, Instant createdAt) {
    }
}
