package dev.bosun.account.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.bosun.BosunProperties;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name (known or not, so probing names gains nothing) and
 * locks the name for a while after too many; a successful sign-in resets the count.
 */
@Component
public class LoginThrottle {

    private final int maxFailures;
    private final Duration lockDuration;
    private final Clock clock;
    private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

    LoginThrottle(BosunProperties properties, Clock clock) {
        this.maxFailures = properties.login().maxFailures();
        this.lockDuration = properties.login().lockDuration();
        this.clock = clock;
    }

    /** When the name is locked now, the instant the lock ends. */
    public Optional<Instant> lockedUntil(String username) {
        Attempts current = attempts.get(key(username));
        Instant now = clock.instant();
        if (current == null || current.lockedUntil() == null || !current.lockedUntil().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(current.lockedUntil());
    }

    public void failed(String username) {
        Instant now = clock.instant();
        attempts.compute(key(username), (name, previous) -> {
            int failures = previous == null || previous.expired(now) ? 1 : previous.failures() + 1;
            Instant lock = failures >= maxFailures ? now.plus(lockDuration) : null;
            return new Attempts(failures, lock);
        });
    }

    public void succeeded(String username) {
        attempts.remove(key(username));
    }

    public Duration lockDuration() {
        return lockDuration;
    }

    private static String key(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }

    private record Attempts(int failures, Instant lockedUntil) {

        /** A lock that has run out starts the count afresh. */
        boolean expired(Instant now) {
            return lockedUntil != null && !lockedUntil.isAfter(now);
        }
    }
}
