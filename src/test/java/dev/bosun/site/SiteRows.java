package dev.bosun.site;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A site as rows only, for page and dialog tests that never run a task on it: its own server, db service
 * and platform records (nothing real behind them) and an ENABLED site of the client.
 */
final class SiteRows {

    private SiteRows() {
    }

    static long enabledSite(JdbcClient jdbc, String domain, long client) {
        String tag = Long.toString(System.nanoTime(), 36);
        long server = jdbc.sql("INSERT INTO servers (name, hostname) VALUES (:n, 'localhost') RETURNING id")
                .param("n", "srv-" + tag).query(Long.class).single();
        long db = jdbc.sql("INSERT INTO services (server_id, kind, type) VALUES (:s, 'db', 'mariadb') RETURNING id")
                .param("s", server).query(Long.class).single();
        long platform = jdbc.sql("INSERT INTO platforms (name, server_id, root_path) VALUES (:n, :s, '/srv/p') RETURNING id")
                .param("n", "pl-" + tag).param("s", server).query(Long.class).single();
        return jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status)
                VALUES (:d, :c, :p, :db, 'standard', 'ENABLED') RETURNING id""")
                .param("d", domain).param("c", client).param("p", platform).param("db", db)
                .query(Long.class).single();
    }
}
