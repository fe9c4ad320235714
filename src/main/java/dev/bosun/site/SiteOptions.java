package dev.bosun.site;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.bosun.account.ClientScope;
import dev.bosun.account.ClientService;
import dev.bosun.platform.PackageRegistry;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.ServerService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The choices of the site form: profiles found on enabled platforms, the platforms that offer
 * the chosen profile (locked ones excluded), the languages they offer for it, and db servers.
 */
@Service
public class SiteOptions {

    static final String DEFAULT_LANGUAGE = "en";

    private final ClientService clients;
    private final PlatformService platforms;
    private final PackageRegistry packages;
    private final ServerService servers;

    SiteOptions(ClientService clients, PlatformService platforms, PackageRegistry packages, ServerService servers) {
        this.clients = clients;
        this.platforms = platforms;
        this.packages = packages;
        this.servers = servers;
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
        return packages.offeredProfiles();
    }

    @Transactional(readOnly = true)
    public List<SiteFormOptions.PlatformChoice> platformsOffering(String profile) {
        return platforms.enabledOffering(profile).stream()
                .map(p -> new SiteFormOptions.PlatformChoice(p.id(), p.name(), p.serverName(), p.coreVersion()))
                .toList();
    }

    /** Languages of the platform for the profile; English always, as Drupal ships it. */
    @Transactional(readOnly = true)
    public List<String> languages(long platformId, String profile) {
        List<String> languages = new ArrayList<>(List.of(DEFAULT_LANGUAGE));
        packages.languagesFor(platformId, profile).stream()
                .filter(code -> !code.equals(DEFAULT_LANGUAGE))
                .forEach(languages::add);
        return languages;
    }

    /** Why a new site cannot go on this platform's web server now (its last verify failed), if so. */
    @Transactional(readOnly = true)
    public Optional<String> webPlacementProblem(long platformId) {
        return servers.placementProblem(platforms.get(platformId).serverId());
    }

    /** Why a new site's database cannot go on this db service's server now (its last verify failed), if so. */
    @Transactional(readOnly = true)
    public Optional<String> dbPlacementProblem(long dbServiceId) {
        return servers.dbPlacementProblem(dbServiceId);
    }

    /** The db services a user of this scope may choose: all for staff, for a client user those its own sites use. */
    @Transactional(readOnly = true)
    public List<SiteFormOptions.DbServerChoice> dbServers(ClientScope scope, SiteQueries sites) {
        SiteQueries.ClientChoices choices = sites.choices(scope);
        return dbServers().stream().filter(db -> choices == null || choices.dbServiceIds().contains(db.id())).toList();
    }

    /** The db services, the master's first, then by server name. */
    @Transactional(readOnly = true)
    public List<SiteFormOptions.DbServerChoice> dbServers() {
        return servers.list().stream().filter(server -> server.db() != null)
                .map(server -> new SiteFormOptions.DbServerChoice(server.db().id(), server.name(),
                        server.db().type().name().toLowerCase(Locale.ROOT)))
                .toList();
    }
}
