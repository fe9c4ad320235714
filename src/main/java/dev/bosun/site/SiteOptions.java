package dev.bosun.site;

import java.util.ArrayList;
import java.util.List;

import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The choices of the site form: profiles found on enabled platforms, the platforms that offer
 * the chosen profile (locked ones excluded), the languages they offer for it, and db servers.
 */
@Service
public class SiteOptions {

    static final String DEFAULT_LANGUAGE = "en";

    private final JdbcClient jdbc;
    private final ClientService clients;

    SiteOptions(JdbcClient jdbc, ClientService clients) {
        this.jdbc = jdbc;
        this.clients = clients;
    }

    @Transactional(readOnly = true)
    public SiteFormOptions forForm(String profile, Long platformId) {
        List<SiteFormOptions.PlatformChoice> platforms = profile == null || profile.isBlank() ? List.of()
                : platformsOffering(profile);
        Long chosen = platformId != null && platforms.stream().anyMatch(p -> p.id() == platformId) ? platformId
                : platforms.stream().findFirst().map(SiteFormOptions.PlatformChoice::id).orElse(null);
        return new SiteFormOptions(clients.list(ClientScope.ALL), profiles(), platforms,
                chosen == null ? List.of(DEFAULT_LANGUAGE) : languages(chosen, profile), dbServers());
    }

    @Transactional(readOnly = true)
    public List<String> profiles() {
        return jdbc.sql("""
                SELECT DISTINCT k.name FROM platform_packages pp
                JOIN packages k ON k.id = pp.package_id AND k.type = 'profile'
                JOIN platforms p ON p.id = pp.platform_id AND p.status = 'ENABLED'
                WHERE NOT pp.hidden
                ORDER BY k.name""").query(String.class).list();
    }

    @Transactional(readOnly = true)
    public List<SiteFormOptions.PlatformChoice> platformsOffering(String profile) {
        return jdbc.sql("""
                SELECT p.id, p.name, v.name AS server_name, p.core_version FROM platforms p
                JOIN servers v ON v.id = p.server_id
                WHERE p.status = 'ENABLED' AND EXISTS (
                    SELECT 1 FROM platform_packages pp JOIN packages k ON k.id = pp.package_id
                    WHERE pp.platform_id = p.id AND k.type = 'profile' AND k.name = :profile AND NOT pp.hidden)
                ORDER BY p.name""")
                .param("profile", profile)
                .query((rs, n) -> new SiteFormOptions.PlatformChoice(rs.getLong("id"), rs.getString("name"),
                        rs.getString("server_name"), rs.getString("core_version")))
                .list();
    }

    /** Languages of the platform for the profile; English always, as Drupal ships it. */
    @Transactional(readOnly = true)
    public List<String> languages(long platformId, String profile) {
        List<String> languages = new ArrayList<>(List.of(DEFAULT_LANGUAGE));
        jdbc.sql("""
                SELECT DISTINCT langcode FROM platform_languages
                WHERE platform_id = :platform AND (profile = '*' OR profile = :profile) ORDER BY langcode""")
                .param("platform", platformId).param("profile", profile == null ? "" : profile)
                .query(String.class).list().stream()
                .filter(code -> !code.equals(DEFAULT_LANGUAGE))
                .forEach(languages::add);
        return languages;
    }

    @Transactional(readOnly = true)
    public List<SiteFormOptions.DbServerChoice> dbServers() {
        return jdbc.sql("""
                SELECT s.id, v.name AS server_name, s.type FROM services s JOIN servers v ON v.id = s.server_id
                WHERE s.kind = 'db' ORDER BY v.master DESC, v.name""")
                .query((rs, n) -> new SiteFormOptions.DbServerChoice(rs.getLong("id"), rs.getString("server_name"),
                        rs.getString("type")))
                .list();
    }
}
