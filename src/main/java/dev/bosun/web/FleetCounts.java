package dev.bosun.web;

import java.util.List;

import dev.bosun.account.ClientScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The dashboard's head-count of the fleet, in one query. */
@Component
class FleetCounts {

    private final JdbcClient jdbc;

    FleetCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** With {@code clientIds} (a CLIENT user's scope) sites and tasks are counted for those clients only. */
    @Transactional(readOnly = true)
    Counts current(List<Long> clientIds) {
        boolean scoped = clientIds != null;
        String siteScope = scoped ? " AND client_id IN (:clientIds)" : "";
        String taskScope = scoped ? " AND site_id IN (SELECT id FROM sites WHERE client_id IN (:clientIds))" : "";
        var statement = jdbc.sql("""
                SELECT (SELECT count(*) FROM sites WHERE status <> 'DELETED'%s) AS sites,
                       (SELECT count(*) FROM platforms WHERE status <> 'DELETED') AS platforms,
                       (SELECT count(*) FROM servers) AS servers,
                       (SELECT count(*) FROM tasks WHERE status IN ('QUEUED', 'PROCESSING')%s) AS open_tasks"""
                .formatted(siteScope, taskScope));
        if (scoped) {
            statement = statement.param("clientIds", ClientScope.idsForSql(clientIds));
        }
        return statement.query((rs, row) -> new Counts(rs.getLong("sites"), rs.getLong("platforms"), rs.getLong("servers"),
                        rs.getLong("open_tasks")))
                .single();
    }

    record Counts(long sites, long platforms, long servers, long openTasks) {
    }
}
