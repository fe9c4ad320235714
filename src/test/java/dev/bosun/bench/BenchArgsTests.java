package dev.bosun.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class BenchArgsTests {

    @Test
    void optionsAreReadInEitherFormWithTheirFallback() {
        String[] args = {"--samples=120", "--tasks", "10_000", "--database", "bosun_fleet"};

        assertThat(BenchArgs.option(args, "samples", 500)).isEqualTo(120);
        assertThat(BenchArgs.option(args, "tasks", 5000)).isEqualTo(10_000);
        assertThat(BenchArgs.option(args, "pool-size", 4)).isEqualTo(4);
        assertThat(BenchArgs.text(args, "database", "other")).isEqualTo("bosun_fleet");
        assertThatThrownBy(() -> BenchArgs.option(args, "database", 1)).hasMessageContaining("whole number");
    }

    @Test
    void percentilesAreTheNearestRank() {
        double[] sorted = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

        assertThat(BenchArgs.percentile(sorted, 50)).isEqualTo(5);
        assertThat(BenchArgs.percentile(sorted, 95)).isEqualTo(10);
        assertThat(BenchArgs.percentile(List.of(3.0, 1.0, 2.0), 50)).isEqualTo(2);
        assertThat(BenchArgs.percentile(new double[0], 50)).isNaN();
    }
}
