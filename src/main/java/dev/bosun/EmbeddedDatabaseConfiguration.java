package dev.bosun;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    @Bean(destroyMethod = "close")
    EmbeddedPostgres embeddedPostgres(EmbeddedPostgresHome home, BosunProperties properties) throws IOException {
        log.info("No spring.datasource.url set: starting the embedded PostgreSQL with its data in {}", home.dataDir());
        EmbeddedPostgres postgres = home.start(properties.embeddedDb().port());
        log.info("The embedded PostgreSQL runs on 127.0.0.1:{}", postgres.getPort());
        return postgres;
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
            throws SQLException, IOException {
        String database = properties.embeddedDb().database();
        String password = home.password();
        createDatabaseIfMissing(postgres.getDatabase(EmbeddedPostgresHome.USER, "postgres",
                Map.of("password", password)), database);
        HikariDataSource dataSource = DataSourceBuilder.create()
                .type(HikariDataSource.class)
                .url("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database)
                .username(EmbeddedPostgresHome.USER)
                .password(password)
                .build();
        dataSource.setPoolName("bosun-embedded");
        return dataSource;
    }

    private static void createDatabaseIfMissing(DataSource admin, String database) throws SQLException {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bosun.embedded-db.database must be a plain lowercase name: " + database);
        }
        try (Connection connection = admin.getConnection();
             var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                try (var create = connection.createStatement()) {
                    create.execute("CREATE DATABASE " + database);
                }
            }
        }
    }

    static class NoDataSourceUrl implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"));
        }
    }
}
