package dev.bosun.site;

import java.util.List;

import dev.bosun.account.ClientInfo;

/** What the site form offers to choose from, following the chosen profile and platform. */
public record SiteFormOptions(List<ClientInfo> clients, List<String> profiles, List<PlatformChoice> platforms,
                              List<String> languages, List<DbServerChoice> dbServers) {

    /** An enabled platform that offers the chosen profile. */
    public record PlatformChoice(long id, String name, String serverName, String coreVersion) {
    }

    /** A database service, named by its server. */
    public record DbServerChoice(long id, String serverName, String type) {
    }
}
