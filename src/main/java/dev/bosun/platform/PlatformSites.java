package dev.bosun.platform;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sites as the platform module needs them (its pages, the comparison), answered by the site
 * module: platform sits below site and reads no site rows itself.
 */
public interface PlatformSites {

    /** The sites on a platform that are not deleted, by domain. */
    List<PlatformSite> liveOn(long platformId);

    /** A page of the sites on a platform that are not deleted, by domain: {@code limit} after the first {@code offset}. */
    List<PlatformSite> liveOn(long platformId, int offset, int limit);

    /** A site that is not deleted, if the client scope ({@code clientIds}, null for all) may see it. */
    Optional<PlatformSite> live(long siteId, List<Long> clientIds);

    /** How many sites that are not deleted each of these platforms has; platforms with none may be missing. */
    Map<Long, Long> liveCounts(Collection<Long> platformIds);

    /** The platforms the live sites of these clients are on: what a client user may compare its sites with. */
    Set<Long> platformsOf(List<Long> clientIds);

    /** Sites that are not deleted, by domain, at most {@code limit}: to choose one to compare. */
    List<PlatformSite> live(int limit);
}
