package dev.bosun.account.web;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class ClientListController {

    private final JdbcClient jdbc;

    ClientListController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/clients")
    @Transactional(readOnly = true)
    String clients(Model model) {
        List<ClientRow> clients = jdbc.sql("""
                SELECT c.id, c.name, c.email,
                       (SELECT count(*) FROM sites s WHERE s.client_id = c.id AND s.status <> 'DELETED') AS sites,
                       (SELECT count(*) FROM client_users u WHERE u.client_id = c.id) AS users
                FROM clients c ORDER BY lower(c.name)""")
                .query((rs, n) -> new ClientRow(rs.getLong("id"), rs.getString("name"), rs.getString("email"),
                        rs.getLong("sites"), rs.getLong("users")))
                .list();
        model.addAttribute("clients", clients);
        return "account/clients";
    }

    record ClientRow(long id, String name, String email, long sites, long users) {
    }
}
