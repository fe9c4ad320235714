package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReleaseVersionTests {

    @ParameterizedTest(name = "{0} vs {1}")
    @CsvSource(nullValues = "-", textBlock = """
            10.3.6,       10.4.1,       older
            10.4.1,       10.3.6,       newer
            3.6.0,        3.6.0,        same
            1.12,         1.12.0,       same
            8.x-1.12,     8.x-1.13,     older
            8.x-1.12,     1.12.0,       same
            3.0.0-rc1,    3.0.0,        older
            3.0.0-beta2,  3.0.0-rc1,    older
            3.0.0-alpha1, 3.0.0-alpha2, older
            2.x-dev,      2.x-dev,      same
            2.x-dev,      3.0.0,        older
            2.x-dev,      2.1.0,        unknown
            11.4-dev,     11.4.0,       older
            -,            1.0.0,        unknown
            custom,       custom,       same
            custom,       other,        unknown
            """)
    void ordersReleasesLikeDrupalOrg(String a, String b, String expected) {
        String actual = ReleaseVersion.compare(a, b)
                .map(c -> c < 0 ? "older" : c > 0 ? "newer" : "same")
                .orElse("unknown");

        assertThat(actual).isEqualTo(expected);
    }
}
