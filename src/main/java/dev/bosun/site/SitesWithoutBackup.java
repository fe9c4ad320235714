package dev.bosun.site;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.bosun.account.ClientScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The enabled sites whose newest backup is older than a time (or that have none): the dashboard's warning. */
@Service
public class SitesWithoutBackup {

    /** A site without a recent backup; {@code lastBackup} null when it has none. */
    public record Site(long id, String domain, Instant lastBackup) {
    }

    /** The first sites by domain ({@code limit} at most) and how many there are in all. */
    public record Found(List<Site> first, int total) {
    }

    private final JdbcClient jdbc;

    public SitesWithoutBackup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The enabled sites of the scope not backed up since {@code since}: their number and the first by domain, in
     * two queries on the sites alone (each site's newest backup is stored with it, {@code last_backup_at}), read
     * through the index of the enabled sites by that time.
     */
    @Transactional(readOnly = true)
    public Found since(Instant since, ClientScope scope, int limit) {
        String where = " FROM sites WHERE status = 'ENABLED' AND (last_backup_at IS NULL OR last_backup_at < :since)"
                + (scope.all() ? "" : " AND client_id IN (:clientIds)");
        Map<String, Object> params = new HashMap<>();
        params.put("since", Timestamp.from(since));
        if (!scope.all()) {
            params.put("clientIds", scope.idsForSql());
        }
        long total = jdbc.sql("SELECT count(*)" + where).params(params).query(Long.class).single();
        if (total == 0) {
            return new Found(List.of(), 0);
        }
        List<Site> first = jdbc.sql("SELECT id, domain, last_backup_at" + where + " ORDER BY domain, id LIMIT :limit")
                .params(params).param("limit", limit)
                .query((rs, row) -> {
                    Timestamp last = rs.getTimestamp("last_backup_at");
                    return new Site(rs.getLong("id"), rs.getString("domain"), last == null ? null : last.toInstant());
                }).list();
        return new Found(first, (int) total);
    }
}
