package dev.bosun.platform;

import java.time.Instant;
import java.util.List;

/**
 * A platform: a Drupal codebase at {@code rootPath} on a web server, its docroot and drush relative
 * to the root. {@code liveSites} counts its sites that are not deleted.
 */
public record Platform(long id, String name, long serverId, String serverName, String rootPath, String docroot,
                       String drushPath, PlatformStatus status, String coreVersion, Instant verifiedAt,
                       long liveSites) {

    /** The docroot as an absolute path: drush's {@code --root}. */
    public String docrootPath() {
        return resolve(docroot);
    }

    /** The drush executable as an absolute path. */
    public String drushExecutable() {
        return resolve(drushPath);
    }

    public List<PlatformTask> offeredTasks() {
        return PlatformTask.offered(status, liveSites);
    }

    public boolean offers(PlatformTask task) {
        return offeredTasks().contains(task);
    }

    private String resolve(String relative) {
        if (relative.startsWith("/")) {
            return relative;
        }
        return rootPath.endsWith("/") ? rootPath + relative : rootPath + "/" + relative;
    }
}
