package dev.bosun.server.web;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class ServerListController {

    private final JdbcClient jdbc;

    ServerListController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/servers")
    @Transactional(readOnly = true)
    String servers(Model model) {
        List<ServerRow> servers = jdbc.sql("""
                SELECT v.id, v.name, v.hostname, v.port, v.master, v.status,
                       (SELECT string_agg(s.type, ', ' ORDER BY s.kind) FROM services s WHERE s.server_id = v.id) AS services
                FROM servers v ORDER BY v.master DESC, v.name""")
                .query((rs, n) -> new ServerRow(rs.getLong("id"), rs.getString("name"), rs.getString("hostname"),
                        rs.getInt("port"), rs.getBoolean("master"), rs.getString("status"), rs.getString("services")))
                .list();
        model.addAttribute("servers", servers);
        return "server/list";
    }

    record ServerRow(long id, String name, String hostname, int port, boolean master, String status, String services) {
    }
}
