package dev.bosun.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

class CronSlotsTests {

    static final long HOUR = 3600;

    @Test
    void consecutiveSitesGetDifferentOffsetsSpreadOverTheInterval() {
        List<Long> offsets = LongStream.rangeClosed(1, 20).map(id -> CronSlots.offsetSeconds(id, HOUR)).boxed().toList();

        assertThat(offsets).doesNotHaveDuplicates().allSatisfy(offset -> assertThat(offset).isBetween(0L, HOUR - 1));
        List<Long> sorted = offsets.stream().sorted().toList();
        long smallestGap = HOUR;
        for (int i = 1; i < sorted.size(); i++) {
            smallestGap = Math.min(smallestGap, sorted.get(i) - sorted.get(i - 1));
        }
        // 20 sites evenly spread would be 180 s apart; Fibonacci hashing keeps them at least a third of that
        assertThat(smallestGap).as("no two of 20 consecutive sites start within a minute").isGreaterThanOrEqualTo(60);
    }

    @Test
    void theOffsetOfASiteIsTheSameEveryTime() {
        assertThat(CronSlots.offsetSeconds(42, HOUR)).isEqualTo(CronSlots.offsetSeconds(42, HOUR));
        assertThat(CronSlots.offsetSeconds(42, 1)).isZero();
    }

    @Test
    void theNextSlotIsAfterTheGivenTimeAtTheSitesOffset() {
        Instant now = Instant.parse("2026-03-01T10:17:23Z");
        for (long site = 1; site <= 50; site++) {
            Instant next = CronSlots.nextAfter(site, HOUR, now);
            assertThat(next).isAfter(now).isBeforeOrEqualTo(now.plusSeconds(HOUR));
            assertThat(Math.floorMod(next.getEpochSecond(), HOUR)).isEqualTo(CronSlots.offsetSeconds(site, HOUR));
            assertThat(CronSlots.nextAfter(site, HOUR, next)).isEqualTo(next.plusSeconds(HOUR));
        }
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> CronSlots.offsetSeconds(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
