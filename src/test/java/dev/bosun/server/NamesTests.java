package dev.bosun.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class NamesTests {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "www.example.com", "a-b.example.co.uk", "xn--bcher-kva.example",
            "a.b.c.d.e.f", "1st.example.com", "192.168.0.10.example.com", "x.y", "web-1.example"})
    void acceptsRfc1123Domains(String domain) {
        assertThat(Names.domain(domain)).isEqualTo(domain);
        assertThat(Names.isDomain(domain)).isTrue();
        assertThat(Names.domainProblem(domain)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a;rm -rf /", "$(id)", "`id`", "exa'mple.com", "exa\"mple.com", "example.com\nevil.com",
            "../etc", "-example.com", "example-.com", "exa mple.com", "example..com", ".example.com", "example.com.",
            "exa_mple.com", "example.com/x", "*.example.com", "intranet", "localhost", "192.168.0.10", "10.0.0.1",
            "Example.com", "bücher.example", "example.com:80", "http://example.com"})
    void rejectsDomainsWithShellOrPathSyntax(String domain) {
        assertThatThrownBy(() -> Names.domain(domain))
                .isInstanceOf(InvalidNameException.class)
                .hasMessageContaining("is not a valid domain")
                .satisfies(e -> assertThat(((InvalidNameException) e).field()).isEqualTo("domain"));
        assertThat(Names.isDomain(domain)).isFalse();
        assertThat(Names.domainProblem(domain)).isPresent();
    }

    @Test
    void anIpAddressIsAHostButNotADomain() {
        assertThatThrownBy(() -> Names.domain("192.168.0.10")).hasMessageContaining("an IP address is not a domain");
        assertThatThrownBy(() -> Names.domain("intranet")).hasMessageContaining("at least two parts");
        assertThat(Names.hostname("hostname", "192.168.0.10")).isEqualTo("192.168.0.10");
        assertThat(Names.hostname("hostname", "intranet")).isEqualTo("intranet");
        assertThat(Names.domainProblem(null)).contains("a domain is required");
    }

    @Test
    void explainsWhatIsWrongWithADomain() {
        assertThatThrownBy(() -> Names.domain("Example.com")).hasMessageContaining("use lowercase");
        assertThatThrownBy(() -> Names.domain("bücher.example")).hasMessageContaining("ASCII form (xn--");
        assertThatThrownBy(() -> Names.domain("a".repeat(64) + ".com")).hasMessageContaining("at most 63 characters");
        assertThatThrownBy(() -> Names.domain(("a".repeat(60) + ".").repeat(5) + "com"))
                .hasMessageContaining("at most 253 characters");
        assertThatThrownBy(() -> Names.domain("")).hasMessage("The domain is required.");
        assertThatThrownBy(() -> Names.domain("x\ny")).hasMessageContaining("x\\x0ay");
    }

    @Test
    void derivesDatabaseNamesAndUsersWithinTheEnginesLimits() {
        String longDomain = "a-very-long-subdomain-name.of-a-rather-long-domain.example.com";

        assertThat(Names.databaseName("www.example.com")).isEqualTo("www_example_com");
        assertThat(Names.databaseUser("www.example.com")).isEqualTo("www_example_com");
        assertThat(Names.databaseName("1st.example.com")).isEqualTo("s1st_example_com");
        assertThat(Names.databaseName(longDomain)).hasSizeLessThanOrEqualTo(Names.DATABASE_NAME_MAX - 4)
                .matches("[a-z][a-z0-9_]*[a-z0-9]");
        assertThat(Names.databaseUser(longDomain)).hasSizeLessThanOrEqualTo(Names.DATABASE_USER_MAX - 4)
                .matches("[a-z][a-z0-9_]*[a-z0-9]");
    }

    @Test
    void makesADerivedNameUniqueWithinItsLimit() {
        Set<String> taken = Set.of("example_com", "example_com_2");
        String base = "abcdefghijklmnopqrstuvwxyz_abcd";

        assertThat(Names.unique("example_com", 32, taken::contains)).isEqualTo("example_com_3");
        assertThat(Names.unique("other_com", 32, taken::contains)).isEqualTo("other_com");
        assertThat(Names.unique(base, 32, name -> name.equals(base))).isEqualTo("abcdefghijklmnopqrstuvwxyz_abc_2").hasSize(32);
    }

    @Test
    void acceptsOnlyPlainAbsolutePathsInsideTheAllowedRoots() {
        List<String> roots = List.of("/var/aegir/platforms", "/srv/www");

        assertThat(Names.path("root", "/srv/www/drupal-10/", roots)).isEqualTo("/srv/www/drupal-10");
        assertThatThrownBy(() -> Names.path("root", "/srv/www/../../etc", roots)).hasMessageContaining("'..'");
        assertThatThrownBy(() -> Names.path("root", "/etc/nginx", roots)).hasMessageContaining("inside /var/aegir/platforms or /srv/www");
        assertThatThrownBy(() -> Names.path("root", "relative/path", roots)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> Names.path("root", "/srv/www/a b", roots)).hasMessageContaining("absolute path");
        assertThatThrownBy(() -> Names.path("root", "/srv/www/$(id)", roots)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.path("root", "/srv/www/x\n/etc", roots)).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.path("root", "/srv/wwwevil/x", roots)).isInstanceOf(InvalidNameException.class);
    }

    @Test
    void checksIdentifiersSshUsersAndServerNames() {
        assertThat(Names.identifier("database", "site_db_2")).isEqualTo("site_db_2");
        assertThatThrownBy(() -> Names.identifier("database", "site-db")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.identifier("database", "x'; DROP DATABASE y; --")).isInstanceOf(InvalidNameException.class);
        assertThat(Names.sshUser("aegir")).isEqualTo("aegir");
        assertThatThrownBy(() -> Names.sshUser("root@evil")).isInstanceOf(InvalidNameException.class);
        assertThat(Names.serverName("web-1.example")).isEqualTo("web-1.example");
        assertThatThrownBy(() -> Names.serverName("..")).isInstanceOf(InvalidNameException.class);
        assertThatThrownBy(() -> Names.serverName("web/1")).isInstanceOf(InvalidNameException.class);
    }
}
