package dev.bosun.platform.web;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Controller;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class PlatformListController {

    private final JdbcClient jdbc;

    PlatformListController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/platforms")
    @Transactional(readOnly = true)
    String platforms(Model model) {
        List<PlatformRow> platforms = jdbc.sql("""
                SELECT p.id, p.name, p.status, p.root_path, p.core_version, v.name AS server,
                       (SELECT count(*) FROM sites s WHERE s.platform_id = p.id AND s.status <> 'DELETED') AS sites
                FROM platforms p JOIN servers v ON v.id = p.server_id
                WHERE p.status <> 'DELETED' ORDER BY p.name""")
                .query((rs, n) -> new PlatformRow(rs.getLong("id"), rs.getString("name"), rs.getString("status"),
                        rs.getString("server"), rs.getString("root_path"), rs.getString("core_version"),
                        rs.getLong("sites")))
                .list();
        model.addAttribute("platforms", platforms);
        return "platform/list";
    }

    record PlatformRow(long id, String name, String status, String server, String rootPath, String coreVersion,
                       long sites) {
    }
}
