package dev.bosun.site;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.bosun.account.ClientScope;
import dev.bosun.backup.BackupService;
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
    private final BackupService backups;

    SitesWithoutBackup(JdbcClient jdbc, BackupService backups) {
        this.jdbc = jdbc;
        this.backups = backups;
    }

    /** The enabled sites of the scope not backed up since {@code since}: two queries, whatever the fleet's size. */
    @Transactional(readOnly = true)
    public Found since(Instant since, ClientScope scope, int limit) {
        var statement = jdbc.sql("SELECT id, domain FROM sites WHERE status = 'ENABLED'"
                + (scope.all() ? "" : " AND client_id IN (:clientIds)") + " ORDER BY domain, id");
        if (!scope.all()) {
            statement = statement.param("clientIds", scope.idsForSql());
        }
        List<Site> enabled = statement.query((rs, row) -> new Site(rs.getLong("id"), rs.getString("domain"), null))
                .list();
        Map<Long, Instant> newest = backups.newestBackups(enabled.stream().map(Site::id).toList());
        List<Site> stale = enabled.stream().filter(site -> !newest.containsKey(site.id())
                        || newest.get(site.id()).isBefore(since))
                .map(site -> new Site(site.id(), site.domain(), newest.get(site.id()))).toList();
        return new Found(stale.stream().limit(limit).toList(), stale.size());
    }
}
