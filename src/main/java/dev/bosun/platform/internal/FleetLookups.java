package dev.bosun.platform.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.bosun.platform.PlatformServer;
import dev.bosun.platform.PlatformSite;
import dev.bosun.platform.PlatformSites;
import dev.bosun.server.ServerInfo;
import dev.bosun.server.ServerService;
import org.springframework.stereotype.Component;

/**
 * What the platform module needs of servers and sites, through their modules: the servers from
 * {@link ServerService}, the sites from the site module's {@link PlatformSites} (platform sits below
 * site, which implements it).
 */
@Component
public class FleetLookups {

    private static final Comparator<PlatformServer> WEB_FIRST = Comparator.comparing(PlatformServer::web).reversed();

    private final ServerService servers;
    private final PlatformSites sites;

    FleetLookups(ServerService servers, PlatformSites sites) {
        this.servers = servers;
        this.sites = sites;
    }

    /** Servers a platform can be on, those with a web service first (then the master, then by name). */
    public List<PlatformServer> servers() {
        return servers.list().stream().map(FleetLookups::server).sorted(WEB_FIRST).toList();
    }

    public Optional<PlatformServer> server(long id) {
        return servers.find(id).map(FleetLookups::server);
    }

    /** The names of these servers, by id. */
    public Map<Long, String> serverNames(Collection<Long> serverIds) {
        return servers.names(serverIds);
    }

    /** How many sites that are not deleted each of these platforms has (those with none may be missing). */
    public Map<Long, Long> liveSiteCounts(Collection<Long> platformIds) {
        return sites.liveCounts(platformIds);
    }

    /** The sites on a platform that are not deleted. */
    public List<PlatformSite> sitesOn(long platformId) {
        return sites.liveOn(platformId);
    }

    public List<PlatformSite> sitesOn(long platformId, int offset, int limit) {
        return sites.liveOn(platformId, offset, limit);
    }

    public long liveCount(long platformId) {
        return sites.liveCounts(List.of(platformId)).getOrDefault(platformId, 0L);
    }

    /** A site that is not deleted, if the client scope ({@code clientIds}, null for all) may see it. */
    public Optional<PlatformSite> site(long siteId, List<Long> clientIds) {
        return sites.live(siteId, clientIds);
    }

    /** The platforms the live sites of these clients are on. */
    public Set<Long> platformsOf(List<Long> clientIds) {
        return sites.platformsOf(clientIds);
    }

    /** Sites that are not deleted, for choosing one to compare. */
    public List<PlatformSite> sites() {
        return sites.live(1000);
    }

    private static PlatformServer server(ServerInfo server) {
        return new PlatformServer(server.id(), server.name(), server.http() != null);
    }
}
