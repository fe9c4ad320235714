package dev.bosun.site.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CronOutputTests {

    @Test
    void keepsTheLastLinesWithinTheLimitAndSaysThatEarlierOnesWereCut() {
        CronRunner.Output output = new CronRunner.Output(300);
        for (int i = 0; i < 100; i++) {
            output.line("line " + i + " " + "x".repeat(20));
        }
        String text = output.text();

        assertThat(text).startsWith("[earlier output cut]\n").endsWith("line 99 " + "x".repeat(20))
                .doesNotContain("line 0 ");
        assertThat(text.length()).isLessThanOrEqualTo(300 + "[earlier output cut]\n".length());
    }

    @Test
    void shortOutputIsKeptWhole() {
        CronRunner.Output output = new CronRunner.Output(300);
        output.line(" [error] Cron run failed.");
        assertThat(output.text()).isEqualTo(" [error] Cron run failed.");
    }
}
