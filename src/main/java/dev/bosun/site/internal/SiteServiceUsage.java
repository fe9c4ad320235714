package dev.bosun.site.internal;

import dev.bosun.server.ServiceUsage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The sites whose databases keep a db service in use (deleted sites too: their rows still point at it). */
@Component
class SiteServiceUsage implements ServiceUsage {

    private final JdbcClient jdbc;

    SiteServiceUsage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    @Transactional(readOnly = true)
    public long sitesOnDbService(long serviceId) {
        return jdbc.sql("SELECT count(*) FROM sites WHERE db_service_id = :service").param("service", serviceId)
                .query(Long.class).single();
    }
}
