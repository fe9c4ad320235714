package dev.bosun.platform;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Rows of other modules' tables that platform tests need: a master server, clients, sites. */
final class Fleet {

    private final JdbcClient jdbc;

    Fleet(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long master() {
        return jdbc.sql("SELECT id FROM servers WHERE master").query(Long.class).optional().orElseGet(() ->
                jdbc.sql("""
                        INSERT INTO servers (name, hostname, master, status) VALUES ('master', 'localhost', TRUE, 'ENABLED')
                        RETURNING id""").query(Long.class).single());
    }

    long dbService() {
        long server = master();
        return jdbc.sql("SELECT id FROM services WHERE server_id = :s AND kind = 'db'").param("s", server)
                .query(Long.class).optional().orElseGet(() -> jdbc.sql("""
                        INSERT INTO services (server_id, kind, type, host, port, status)
                        VALUES (:s, 'db', 'mariadb', '127.0.0.1', 3306, 'ENABLED') RETURNING id""")
                        .param("s", server).query(Long.class).single());
    }

    long client(String name) {
        return jdbc.sql("INSERT INTO clients (name) VALUES (:n) RETURNING id").param("n", name)
                .query(Long.class).single();
    }

    long site(String domain, long platformId, long clientId, String status) {
        return jdbc.sql("""
                INSERT INTO sites (domain, client_id, platform_id, db_service_id, profile, status)
                VALUES (:d, :c, :p, :db, 'example', :status) RETURNING id""")
                .param("d", domain).param("c", clientId).param("p", platformId).param("db", dbService())
                .param("status", status).query(Long.class).single();
    }
}
