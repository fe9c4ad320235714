package dev.bosun.server;

/**
 * What still uses a server's services, answered by the modules whose records point at them (platforms on its web
 * service, site databases on its db service): server sits below them and reads none of their rows itself.
 */
public interface ServiceUsage {

    /** How many platforms that are not deleted are on the server, and so use its web service. */
    default long livePlatformsOn(long serverId) {
        return 0;
    }

    /** How many sites keep their database on the db service. */
    default long sitesOnDbService(long serviceId) {
        return 0;
    }
}
