package dev.bosun.test;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;

/**
 * Bosun's own loggers at INFO for a test that reads what they say: logging is one per JVM, and a test
 * that ran before (a panel node started with {@code --logging.level.root=WARN}) may have left it quieter.
 */
public class LogsAtInfo implements BeforeEachCallback, AfterEachCallback {

    private static final String BOSUN = "dev.bosun";

    @Override
    public void beforeEach(ExtensionContext context) {
        logging().setLogLevel(BOSUN, LogLevel.INFO);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logging().setLogLevel(BOSUN, null);
    }

    private static LoggingSystem logging() {
        return LoggingSystem.get(LogsAtInfo.class.getClassLoader());
    }
}
