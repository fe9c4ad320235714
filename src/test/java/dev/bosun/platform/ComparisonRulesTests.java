package dev.bosun.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.bosun.drupal.PackageType;

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
            unknown versions on both sides              | -            | 10001       | -              | 10001         | UNKNOWN | a version is unknown
            unknown target version, same schema         | 3.6.0        | 8002        | -              | 8002          | UNKNOWN | a version is unknown
            unknown version, newer target schema        | -            | 8002        | -              | 8003          | UPGRADE | -
            same dev snapshot on both sides             | 1.x-dev      | -           | 1.x-dev        | -             | SAME    | -
            """)
    void judgesEachCase(String description, String siteVersion, Integer siteSchema, String targetVersion,
                        Integer targetSchema, ComparisonResult result, String reason) {
        PackageRelease target = "(absent)".equals(targetVersion) ? null : new PackageRelease(targetVersion, targetSchema);

        ComparisonRules.Verdict verdict = ComparisonRules.judge(new PackageRelease(siteVersion, siteSchema), target);

        assertThat(verdict.result()).isEqualTo(result);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    /**
     * A platform with two install profiles: a module in a profile's directory counts only for sites of that
     * profile; one of the platform (modules/, sites/all/) for every site.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                          | site profile | package  | path                                   | offered
            the platform's own module, standard site        | standard     | views_x  | modules/contrib/views_x                | true
            the platform's own module, other profile's site | commerce     | views_x  | modules/contrib/views_x                | true
            sites/all module                                | commerce     | legacy   | sites/all/modules/legacy               | true
            standard's module for a standard site           | standard     | std_only | profiles/standard/modules/std_only     | true
            standard's module for a commerce site           | commerce     | std_only | profiles/standard/modules/std_only     | false
            commerce's module for its site                  | commerce     | shop     | profiles/contrib/commerce/modules/shop | true
            commerce's module for a standard site           | standard     | shop     | profiles/contrib/commerce/modules/shop | false
            a profile itself stays listed                   | standard     | commerce | profiles/contrib/commerce              | true
            """)
    void countsAProfilesOwnPackagesOnlyForItsSites(String description, String profile, String name, String path,
                                                   boolean offered) {
        List<PlatformPackage> platform = List.of(
                new PlatformPackage("standard", PackageType.PROFILE, "Standard", "11.1.0", null, "profiles/standard", false),
                new PlatformPackage("commerce", PackageType.PROFILE, "Commerce", "3.0.0", null,
                        "profiles/contrib/commerce", false),
                new PlatformPackage(name, name.equals("commerce") ? PackageType.PROFILE : PackageType.MODULE, name,
                        "1.0.0", null, path, false));

        List<PlatformPackage> forProfile = ComparisonRules.forProfile(platform, profile);

        assertThat(forProfile.stream().anyMatch(p -> p.name().equals(name) && p.path().equals(path)))
                .isEqualTo(offered);
    }

    /** The site's own packages (sites/<domain>/modules, which the platform scan leaves out) move with the site. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                      | package  | type   | site-local
            on the current platform                     | views_x  | MODULE | false
            in the site's own directory                 | my_tweak | MODULE | true
            a theme of the site's own directory         | my_theme | THEME  | true
            same name as a platform module, other type  | views_x  | THEME  | true
            in another profile's directory only         | shop     | MODULE | true
            """)
    void aPackageTheCurrentPlatformLacksIsTheSitesOwn(String description, String name, PackageType type,
                                                      boolean siteLocal) {
        List<PlatformPackage> current = ComparisonRules.forProfile(List.of(
                new PlatformPackage("standard", PackageType.PROFILE, "Standard", "11.1.0", null, "profiles/standard", false),
                new PlatformPackage("commerce", PackageType.PROFILE, "Commerce", "3.0.0", null,
                        "profiles/contrib/commerce", false),
                new PlatformPackage("views_x", PackageType.MODULE, "Views X", "1.0.0", 8001, "modules/contrib/views_x",
                        false),
                new PlatformPackage("shop", PackageType.MODULE, "Shop", "1.0.0", null,
                        "profiles/contrib/commerce/modules/shop", false)), "standard");

        assertThat(ComparisonRules.siteLocal(new SitePackage(name, type, "1.0.0", null, true), current))
                .isEqualTo(siteLocal);
    }
}
