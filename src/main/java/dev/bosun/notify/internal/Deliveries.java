package dev.bosun.notify.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs notification work off the task's thread: each attempt on a small pool of its own, a failed
 * attempt tried again after a back-off that doubles, the last failure logged as a warning (the reason,
 * no stack trace). Nothing here can delay or fail a task.
 */
@Component
public class Deliveries implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

    /** One try of one channel; a failure's message says why. */
    public interface Attempt {
        void run() throws Exception;
    }

    private final NotifyProperties properties;
    private final AtomicInteger threads = new AtomicInteger();
    private final ScheduledThreadPoolExecutor executor;

    Deliveries(NotifyProperties properties) {
        this.properties = properties;
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "notify-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Runs {@code work} soon on the pool; dropped with a warning when too much is waiting. */
    public void submit(String what, Runnable work) {
        if (executor.getQueue().size() >= properties.queue()) {
            log.warn("Notification dropped ({}): {} notifications are waiting already", what, properties.queue());
            return;
        }
        executor.execute(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("Notification not prepared ({}): {}", what, reason(e));
            }
        });
    }

    /** Tries {@code attempt} up to the configured number of times, then logs why it failed. */
    public void deliver(String what, Attempt attempt) {
        schedule(what, attempt, 1, Duration.ZERO);
    }

    private void schedule(String what, Attempt attempt, int number, Duration delay) {
        executor.schedule(() -> run(what, attempt, number), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run(String what, Attempt attempt, int number) {
        try {
            attempt.run();
            log.info("Notification delivered: {}", what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (number < properties.attempts() && !executor.isShutdown()) {
                log.info("Notification attempt {} failed ({}): {}; trying again", number, what, reason(e));
                schedule(what, attempt, number + 1, properties.backoff().multipliedBy(1L << (number - 1)));
            } else {
                log.warn("Notification not delivered after {} attempt(s) ({}): {}", number, what, reason(e));
            }
        }
    }

    /**
     * Why it failed, for the log and the test's report: the outermost message (what happened, e.g. the HTTP
     * status or the mail server's answer), else the kind of failure (a refused connection has no message).
     */
    public static String reason(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank()) {
                String line = message.strip().lines().findFirst().orElse(message);
                return line.length() > 300 ? line.substring(0, 300) + "…" : line;
            }
        }
        return failure.getClass().getSimpleName();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
