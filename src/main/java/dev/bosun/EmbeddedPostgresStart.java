package dev.bosun;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.AbstractAotProcessor;
import org.springframework.util.StringUtils;

/**
 * The embedded PostgreSQL's start, with its database made when missing: either on the calling thread, or on a thread
 * of its own from the moment the panel's application context is prepared ({@link Early}), so that the server comes up
 * while Spring reads the configuration classes instead of after them. {@link DatabaseConfiguration} takes the
 * server from it; a start that the context did not take (the refresh failed first) is waited for and stopped when the
 * context closes, so no PostgreSQL outlives a failed start.
 */
final class EmbeddedPostgresStart implements DisposableBean {

    static final String BEAN_NAME = "bosun.embeddedPostgresStart";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresStart.class);

    private final Path dataDir;
    private final int port;
    private final String database;
    private final CompletableFuture<EmbeddedPostgres> started = new CompletableFuture<>();
    private final AtomicBoolean taken = new AtomicBoolean();

    private EmbeddedPostgresStart(EmbeddedPostgresHome home, int port, String database) {
        this.dataDir = home.dataDir();
        this.port = port;
        this.database = database;
    }

    /** Starts the server on the calling thread. */
    static EmbeddedPostgres now(EmbeddedPostgresHome home, int port, String database) throws IOException {
        checkDatabaseName(database);
        log.info("No spring.datasource.url set: starting the embedded PostgreSQL with its data in {}", home.dataDir());
        EmbeddedPostgres postgres = home.start(port);
        try {
            createDatabaseIfMissing(postgres, home.password(), database);
        } catch (IOException | SQLException | RuntimeException e) {
            postgres.close();
            throw new IOException("Could not create the database " + database + " in the embedded PostgreSQL: "
                    + e.getMessage(), e);
        }
        log.info("The embedded PostgreSQL runs on 127.0.0.1:{}", postgres.getPort());
        return postgres;
    }

    /** Starts the server on a thread of its own; {@link #take} waits for it. */
    static EmbeddedPostgresStart inBackground(EmbeddedPostgresHome home, int port, String database) {
        EmbeddedPostgresStart start = new EmbeddedPostgresStart(home, port, database);
        Thread thread = new Thread(() -> {
            try {
                start.started.complete(now(home, port, database));
            } catch (IOException | RuntimeException | Error e) {
                start.started.completeExceptionally(e);
            }
        }, "bosun-embedded-postgres");
        thread.setDaemon(true);
        thread.start();
        return start;
    }

    /** Whether this start is the one the settings ask for (the same data directory, port and database). */
    boolean isFor(EmbeddedPostgresHome home, int port, String database) {
        return dataDir.equals(home.dataDir()) && this.port == port && this.database.equals(database);
    }

    /** Whether the server was handed over (or, after a failed start, stopped). */
    boolean taken() {
        return taken.get();
    }

    /** Waits for the start and hands the running server over: from now on its closing is the caller's. */
    EmbeddedPostgres take() throws IOException {
        if (!taken.compareAndSet(false, true)) {
            throw new IllegalStateException("The embedded PostgreSQL was already taken");
        }
        try {
            return started.join();
        } catch (CompletionException e) {
            throw Failures.rethrown(e.getCause());
        }
    }

    /** A server not taken: waits for its start to end, then stops it. */
    @Override
    public void destroy() {
        if (!taken.compareAndSet(false, true)) {
            return;
        }
        try {
            EmbeddedPostgres postgres = started.join();
            log.info("Stopping the embedded PostgreSQL: the panel did not start");
            postgres.close();
        } catch (CompletionException | IOException e) {
            // It did not start (the failure is the context's to report), or it does not stop: nothing more to do.
        }
    }

    static void checkDatabaseName(String database) {
        if (!database.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("bosun.embedded-db.database must be a plain lowercase name: " + database);
        }
    }

    private static void createDatabaseIfMissing(EmbeddedPostgres postgres, String password, String database)
            throws SQLException {
        DataSource admin = postgres.getDatabase(EmbeddedPostgresHome.USER, "postgres", Map.of("password", password));
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

    /**
     * Begins the start as soon as the panel's context is prepared (its settings read, before the refresh), when the
     * panel runs on the embedded database: no {@code spring.datasource.url}, and the context is the panel's own
     * ({@link BosunApplication} among its sources). Settings it cannot read leave the start to the context, which
     * reports them.
     */
    static final class Early implements ApplicationListener<ApplicationPreparedEvent> {

        @Override
        public void onApplicationEvent(ApplicationPreparedEvent event) {
            ConfigurableApplicationContext context = event.getApplicationContext();
            if (Boolean.getBoolean(AbstractAotProcessor.AOT_PROCESSING) // the build reading the configuration
                    || StringUtils.hasText(context.getEnvironment().getProperty("spring.datasource.url"))
                    || !event.getSpringApplication().getAllSources().contains(BosunApplication.class)
                    || !(context.getBeanFactory() instanceof DefaultSingletonBeanRegistry registry)
                    || registry.containsSingleton(BEAN_NAME)) {
                return;
            }
            BosunProperties properties;
            try {
                properties = Binder.get(context.getEnvironment()).bindOrCreate("bosun", BosunProperties.class);
                checkDatabaseName(properties.embeddedDb().database());
            } catch (RuntimeException e) {
                return;
            }
            EmbeddedPostgresHome home = new EmbeddedPostgresHome(properties.homeDir(), properties.embeddedDb().template());
            EmbeddedPostgresStart start = inBackground(home, properties.embeddedDb().port(),
                    properties.embeddedDb().database());
            registry.registerSingleton(BEAN_NAME, start);
            registry.registerDisposableBean(BEAN_NAME, start);
        }
    }
}
