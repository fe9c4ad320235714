package dev.bosun;

import java.io.IOException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AbstractDependsOnBeanFactoryPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.util.StringUtils;

/**
 * The panel's database: the PostgreSQL at {@code spring.datasource.url} when it is set, else the start-up default,
 * Bosun's own PostgreSQL with the data in {@code <home>/pgdata}, kept across restarts (see
 * {@link EmbeddedPostgresHome}). The same beans exist either way and choose when they are made, not by a
 * condition: the build fixes the beans of the panel's start (ADR 0038), and one build serves both set-ups.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    /** The embedded PostgreSQL's home, or null (no bean) with {@code spring.datasource.url}. */
    @Bean
    EmbeddedPostgresHome embeddedPostgresHome(BosunProperties properties, DataSourceProperties dataSource) {
        if (external(dataSource)) {
            return null;
        }
        return new EmbeddedPostgresHome(properties.homeDir(), properties.embeddedDb().template());
    }

    /**
     * The server the early start began when the context was prepared ({@link EmbeddedPostgresStart.Early}), or else
     * one started now; either way with the panel's database in it. Null (no bean) with {@code spring.datasource.url}.
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(ObjectProvider<EmbeddedPostgresHome> homes, BosunProperties properties,
                                      ObjectProvider<EmbeddedPostgresStart> early) throws IOException {
        EmbeddedPostgresHome home = homes.getIfAvailable();
        if (home == null) {
            return null;
        }
        int port = properties.embeddedDb().port();
        String database = properties.embeddedDb().database();
        EmbeddedPostgresStart start = early.getIfAvailable();
        if (start != null) {
            if (start.isFor(home, port, database)) {
                return start.take();
            }
            log.warn("The embedded PostgreSQL started early was for other settings; stopping it and starting again");
            start.destroy();
        }
        return EmbeddedPostgresStart.now(home, port, database);
    }

    /** The scheduler's job store uses the database until the scheduler stops: stop it first. */
    @Bean
    static AbstractDependsOnBeanFactoryPostProcessor schedulerStopsBeforeTheEmbeddedPostgres() {
        return new AbstractDependsOnBeanFactoryPostProcessor(Scheduler.class, SchedulerFactoryBean.class,
                DataSource.class, EmbeddedPostgres.class) {
        };
    }

    /**
     * The pool, on the database at {@code spring.datasource.url} (with its {@code username}, {@code password} and
     * {@code driver-class-name}) or on the embedded one; either way with the {@code spring.datasource.hikari.*}
     * settings (timeouts, pool size).
     */
    @Bean(destroyMethod = "close")
    @DependsOn("embeddedPostgres") // made before the pool and stopped after it
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(DataSourceProperties settings, ObjectProvider<EmbeddedPostgres> embedded,
                                ObjectProvider<EmbeddedPostgresHome> homes, BosunProperties properties)
            throws IOException {
        if (external(settings)) {
            HikariDataSource external = settings.initializeDataSourceBuilder().type(HikariDataSource.class).build();
            if (StringUtils.hasText(settings.getName())) {
                external.setPoolName(settings.getName());
            }
            return external;
        }
        EmbeddedPostgres postgres = embedded.getObject();
        EmbeddedPostgresHome home = homes.getObject();
        String database = properties.embeddedDb().database();
        String password = home.password();
        HikariDataSource dataSource = DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database)
                .username(EmbeddedPostgresHome.USER)
                .password(password)
                .build();
        dataSource.setPoolName("bosun-embedded");
        return dataSource;
    }

    private static boolean external(DataSourceProperties dataSource) {
        return StringUtils.hasText(dataSource.getUrl());
    }
}
