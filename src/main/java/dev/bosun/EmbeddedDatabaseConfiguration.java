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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.scheduling.quartz.SchedulerFactoryBean;
import org.springframework.util.StringUtils;

/**
 * The start-up default: with no {@code spring.datasource.url}, Bosun runs its own PostgreSQL
 * with the data in {@code <home>/pgdata}, kept across restarts (see {@link EmbeddedPostgresHome}).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedDatabaseConfiguration.NoDataSourceUrl.class)
class EmbeddedDatabaseConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

    @Bean
    EmbeddedPostgresHome embeddedPostgresHome(BosunProperties properties) {
        return new EmbeddedPostgresHome(properties.homeDir(), properties.embeddedDb().template());
    }

    /**
     * The server the early start began when the context was prepared ({@link EmbeddedPostgresStart.Early}), or else
     * one started now; either way with the panel's database in it.
     */
    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresHome home, BosunProperties properties,
                                      ObjectProvider<EmbeddedPostgresStart> early) throws IOException {
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

    /** Takes the {@code spring.datasource.hikari.*} settings (timeouts, pool size) as the external data source does. */
    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres, EmbeddedPostgresHome home, BosunProperties properties)
            throws IOException {
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

    static class NoDataSourceUrl implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
