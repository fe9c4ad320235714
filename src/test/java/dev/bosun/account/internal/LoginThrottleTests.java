package dev.bosun.account.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import dev.bosun.BosunProperties;
import org.junit.jupiter.api.Test;

class LoginThrottleTests {

    private final MovableClock clock = new MovableClock();
    private final LoginThrottle throttle = new LoginThrottle(new BosunProperties(null, null,
            new BosunProperties.Login(5, Duration.ofMinutes(5), Duration.ofHours(24)), null, null, null, null), clock);

    @Test
    void failuresFromOneAddressLockThatAddressOnly() {
        failTimes("admin", "198.51.100.7", 5);
        assertThat(throttle.lockedUntil("admin", "198.51.100.7")).isPresent();
        assertThat(throttle.lockedUntil("Admin", "198.51.100.7")).isPresent();
        assertThat(throttle.lockedUntil("admin", "192.0.2.1")).isEmpty();
        assertThat(throttle.lockedUntil("other", "198.51.100.7")).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowNoLongerCount() {
        failTimes("operator", "198.51.100.7", 4);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        failTimes("operator", "198.51.100.7", 4);
        assertThat(throttle.lockedUntil("operator", "198.51.100.7")).isEmpty();
        failTimes("operator", "198.51.100.7", 1);
        assertThat(throttle.lockedUntil("operator", "198.51.100.7")).isPresent();
    }

    @Test
    void theLockEndsWhenTheOldestCountedFailureLeavesTheWindow() {
        failTimes("operator", "198.51.100.7", 1);
        Instant first = clock.instant();
        clock.advance(Duration.ofMinutes(1));
        failTimes("operator", "198.51.100.7", 4);
        assertThat(throttle.lockedUntil("operator", "198.51.100.7")).contains(first.plus(Duration.ofMinutes(5)));
        clock.advance(Duration.ofMinutes(4));
        assertThat(throttle.lockedUntil("operator", "198.51.100.7")).isEmpty();
    }

    @Test
    void aSuccessClearsTheCountForThatAddress() {
        failTimes("operator", "198.51.100.7", 4);
        throttle.succeeded("operator", "198.51.100.7");
        failTimes("operator", "198.51.100.7", 4);
        assertThat(throttle.lockedUntil("operator", "198.51.100.7")).isEmpty();
    }

    private void failTimes(String username, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(username, address);
        }
    }

    private static final class MovableClock extends Clock {

        private Instant now = Instant.parse("2026-01-05T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
