package dev.bosun.task.internal;

import java.time.Clock;
import java.time.Duration;

import dev.bosun.settings.SettingsService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the log lines of tasks that finished more than the retention ago; the task rows (the
 * history) stay. The setting {@value #SETTING} (days, in the settings table) overrides
 * {@code bosun.tasks.log-retention-days}; 0 keeps logs for ever.
 */
@Component
public class TaskLogRetention {

    public static final String SETTING = "tasks.log-retention-days";

    private static final Logger log = LoggerFactory.getLogger(TaskLogRetention.class);
    private static final int BATCH = 500;

    private final TaskStore store;
    private final SettingsService settings;
    private final TransactionTemplate transactions;
    private final TaskProperties properties;
    private final Clock clock;

    TaskLogRetention(TaskStore store, SettingsService settings, TransactionTemplate transactions,
                     TaskProperties properties, Clock clock) {
        this.store = store;
        this.settings = settings;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    public int retentionDays() {
        return settings.number(SETTING).orElse(properties.logRetentionDays());
    }

    /** Returns how many tasks lost their log. */
    public int purge() {
        int days = retentionDays();
        if (days <= 0) {
            return 0;
        }
        var before = clock.instant().minus(Duration.ofDays(days));
        int total = 0;
        int purged;
        do {
            purged = transactions.execute(tx -> store.purgeLogs(before, BATCH));
            total += purged;
        } while (purged == BATCH);
        if (total > 0) {
            log.info("Deleted the logs of {} task(s) finished more than {} days ago", total, days);
        }
        return total;
    }
}
