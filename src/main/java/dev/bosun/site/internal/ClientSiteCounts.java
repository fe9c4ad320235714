package dev.bosun.site.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import dev.bosun.account.ClientSites;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The sites as the client pages count them. */
@Component
class ClientSiteCounts implements ClientSites {

    private final JdbcClient jdbc;

    ClientSiteCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Long, Long> liveSiteCounts(Collection<Long> clientIds) {
        Map<Long, Long> counts = new HashMap<>();
        if (!clientIds.isEmpty()) {
            jdbc.sql("""
                    SELECT client_id, count(*) FROM sites WHERE client_id IN (:ids) AND status <> 'DELETED'
                    GROUP BY client_id""")
                    .param("ids", clientIds).query(rs -> {
                        counts.put(rs.getLong(1), rs.getLong(2));
                    });
        }
        return counts;
    }
}
