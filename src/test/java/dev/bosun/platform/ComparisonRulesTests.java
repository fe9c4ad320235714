package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ComparisonRulesTests {

    /**
     * The seed's migrate section: the current platform has module X with updates 6002 and 6003, the
     * site has run 6003; targets A to D; plus a downgrade, and release-only differences.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # case                                      | site version | site schema | target version | target schema | result  | reason
            target A has X at schema 6002: error        | 6.x-2.11     | 6003        | 6.x-2.11       | 6002          | ERROR   | target schema is lower than the installed schema
            target B lacks X: warning                   | 6.x-2.11     | 6003        | (absent)       | -             | WARNING | missing on the target
            target C has X at schema 6003: same         | 6.x-2.11     | 6003        | 6.x-2.11       | 6003          | SAME    | -
            target D has X at schema 6004: upgrade      | 6.x-2.11     | 6003        | 6.x-2.11       | 6004          | UPGRADE | -
            older release, same schema: downgrade       | 3.6.0        | 8002        | 3.5.0          | 8002          | WARNING | older release on the target
            newer release, same schema: upgrade         | 3.6.0        | 8002        | 3.6.1          | 8002          | UPGRADE | -
            older schema beats a newer release: error   | 3.6.0        | 8002        | 4.0.0          | 8001          | ERROR   | target schema is lower than the installed schema
            target without update hooks is not older    | 1.0.0        | 8000        | 1.0.0          | -             | SAME    | -
            installed default 8000, target has updates  | 1.0.0        | 8000        | 1.0.0          | 8001          | UPGRADE | -
            theme without schema, newer release         | 10.3.6       | -           | 10.4.1         | -             | UPGRADE | -
            unknown versions on both sides              | -            | 10001       | -              | 10001         | SAME    | -
            """)
    void judgesEachCase(String description, String siteVersion, Integer siteSchema, String targetVersion,
                        Integer targetSchema, ComparisonResult result, String reason) {
        PackageRelease target = "(absent)".equals(targetVersion) ? null : new PackageRelease(targetVersion, targetSchema);

        ComparisonRules.Verdict verdict = ComparisonRules.judge(new PackageRelease(siteVersion, siteSchema), target);

        assertThat(verdict.result()).isEqualTo(result);
        assertThat(verdict.reason()).isEqualTo(reason);
    }
}
