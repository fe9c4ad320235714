package dev.bosun.web;

import dev.bosun.account.ClientScope;
import dev.bosun.platform.PlatformService;
import dev.bosun.server.ServerService;
import dev.bosun.site.SiteService;
import dev.bosun.task.TaskQueries;
import org.springframework.stereotype.Component;

/** The dashboard's head-count of the fleet, each number from the module that owns it. */
@Component
class FleetCounts {

    private final SiteService sites;
    private final PlatformService platforms;
    private final ServerService servers;
    private final TaskQueries tasks;

    FleetCounts(SiteService sites, PlatformService platforms, ServerService servers, TaskQueries tasks) {
        this.sites = sites;
        this.platforms = platforms;
        this.servers = servers;
        this.tasks = tasks;
    }

    /** With a CLIENT user's scope, sites and tasks are counted for its clients only. */
    Counts current(ClientScope scope) {
        return new Counts(sites.count(scope), platforms.count(), servers.count(), tasks.openCount(scope.filterOrNull()));
    }

    record Counts(long sites, long platforms, long servers, long openTasks) {
    }
}
