package dev.bosun.task.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * PostgreSQL LISTEN/NOTIFY on one connection of this node: wakes the dispatcher when any node queues a task, and
 * the live tails of a task ({@link LogFeed}) when any node writes its log lines.
 */
@Component
class QueueListener implements SmartLifecycle {

    static final String CHANNEL = "bosun_tasks";
    static final String LOG_CHANNEL = "bosun_task_log";

    private static final Logger log = LoggerFactory.getLogger(QueueListener.class);

    private final DataSource dataSource;
    private final Dispatcher dispatcher;
    private final TaskProperties properties;
    private final LogFeed feed;
    private volatile boolean running;
    private volatile Connection connection;
    private Thread thread;

    QueueListener(DataSource dataSource, Dispatcher dispatcher, TaskProperties properties, LogFeed feed) {
        this.dataSource = dataSource;
        this.feed = feed;
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    private void listen() {
        long backoff = 500;
        while (running) {
            try (Connection listening = dataSource.getConnection()) {
                connection = listening;
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                    statement.execute("LISTEN " + LOG_CHANNEL);
                }
                backoff = 500;
                wakeDispatcher();
                feed.writtenAny();
                PGConnection pg = listening.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            route(notification);
                        }
                    }
                }
            } catch (SQLException e) {
                if (running) {
                    log.warn("Lost the task queue notifications, reconnecting in {} ms: {}", backoff, e.getMessage());
                    pause(backoff);
                    backoff = Math.min(backoff * 2, 30_000);
                }
            }
        }
    }

    private void route(PGNotification notification) {
        if (!LOG_CHANNEL.equals(notification.getName())) {
            wakeDispatcher();
        } else if (notification.getParameter().matches("[0-9]{1,18}")) {
            feed.written(Long.parseLong(notification.getParameter()));
        } else {
            feed.writtenAny();
        }
    }

    private void wakeDispatcher() {
        if (properties.dispatch()) {
            dispatcher.wake();
        }
    }

    private void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void start() {
        running = true;
        thread = Threads.daemon("task-queue-listener").newThread(this::listen);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Dispatcher.PHASE + 1;
    }
}
