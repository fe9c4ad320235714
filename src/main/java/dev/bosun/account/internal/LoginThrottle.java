package dev.bosun.account.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import dev.bosun.BosunProperties;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name (known or not, so probing names gains nothing) and client
 * address, over a sliding window of {@code lockDuration}: {@code maxFailures} failures within it lock
 * that name from that address until the oldest of them leaves the window. Someone guessing from
 * elsewhere cannot lock a user (the admin included) out; a successful sign-in clears the count.
 */
@Component
public class LoginThrottle {

    /** Above this many tracked pairs, pairs with no failure in the window are dropped. */
    private static final int PRUNE_ABOVE = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(BosunProperties properties, Clock clock) {
        this.maxFailures = properties.login().maxFailures();
        this.window = properties.login().lockDuration();
        this.clock = clock;
    }

    /** When the name is locked now for this address, the instant the lock ends. */
    public Optional<Instant> lockedUntil(String username, String address) {
        Deque<Instant> recent = failures.get(key(username, address));
        if (recent == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        synchronized (recent) {
            forgetOld(recent, now);
            if (recent.size() < maxFailures) {
                return Optional.empty();
            }
            Instant[] times = recent.toArray(Instant[]::new);
            return Optional.of(times[times.length - maxFailures].plus(window));
        }
    }

    public void failed(String username, String address) {
        Instant now = clock.instant();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(recent -> {
                synchronized (recent) {
                    forgetOld(recent, now);
                    return recent.isEmpty();
                }
            });
        }
        Deque<Instant> recent = failures.computeIfAbsent(key(username, address), k -> new ArrayDeque<>());
        synchronized (recent) {
            forgetOld(recent, now);
            recent.addLast(now);
        }
    }

    public void succeeded(String username, String address) {
        failures.remove(key(username, address));
    }

    public Duration lockDuration() {
        return window;
    }

    /** The client address of a sign-in attempt (form or HTTP Basic); empty when unknown. */
    static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails details
                && details.getRemoteAddress() != null ? details.getRemoteAddress() : "";
    }

    private void forgetOld(Deque<Instant> recent, Instant now) {
        Instant start = now.minus(window);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(start)) {
            recent.pollFirst();
        }
    }

    private static String key(String username, String address) {
        String name = username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
        return name + "\n" + (address == null ? "" : address);
    }
}
