package dev.bosun.account;

import java.util.Collection;
import java.util.Map;

/**
 * What the client pages need to know of the sites, answered by the site module (which sits above
 * account and owns the sites table): the account module reads no site rows itself.
 */
public interface ClientSites {

    /** How many sites that are not deleted each of these clients owns (clients without any left out). */
    Map<Long, Long> liveSiteCounts(Collection<Long> clientIds);
}
