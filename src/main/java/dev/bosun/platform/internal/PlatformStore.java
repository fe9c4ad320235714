package dev.bosun.platform.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;
import jakarta.persistence.EntityManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Platforms as the module's {@link Platform} records, with their server's name and the count of their live sites;
 * the entities stay here. Writes join the caller's transaction, or open one when a task handler calls directly.
 */
@Component
public class PlatformStore {

    private final PlatformRepository platforms;
    private final EntityManager entityManager;
    private final Clock clock;

    PlatformStore(PlatformRepository platforms, EntityManager entityManager, Clock clock) {
        this.platforms = platforms;
        this.entityManager = entityManager;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<Platform> find(long id) {
        return platforms.findById(id).map(PlatformEntity::platform);
    }

    /** Platforms that are not deleted, by name. */
    @Transactional(readOnly = true)
    public List<Platform> list() {
        return platforms.findAllByName(PlatformStatus.DELETED).stream().map(PlatformEntity::platform).toList();
    }

    /** How many platforms are not deleted. */
    @Transactional(readOnly = true)
    public long countLive() {
        return platforms.countByStatusNot(PlatformStatus.DELETED);
    }

    /** Records a new platform (QUEUED) and returns its id. */
    @Transactional
    public long insert(String name, long serverId, String rootPath, String docroot, String drushPath) {
        PlatformEntity platform = platforms.saveAndFlush(
                new PlatformEntity(name, serverId, rootPath, docroot, drushPath, clock.instant()));
        // Reads the server's name and the site count, which are computed by the database.
        entityManager.refresh(platform);
        return platform.getId();
    }

    @Transactional(readOnly = true)
    public boolean nameTaken(String name) {
        return platforms.nameTaken(name, PlatformStatus.DELETED);
    }

    /** The name of a live platform already at this path on this server, if any. */
    @Transactional(readOnly = true)
    public Optional<String> atPath(long serverId, String rootPath) {
        return platforms.namesAtPath(serverId, rootPath, PlatformStatus.DELETED).stream().findFirst();
    }

    @Transactional
    public void setStatus(long id, PlatformStatus status) {
        platforms.findById(id).ifPresent(platform -> platform.setStatus(status, clock.instant()));
    }

    /** After a successful verify: the core version, the time, and ENABLED unless the platform is locked. */
    @Transactional
    public void recordVerified(long id, String coreVersion, Instant at) {
        platforms.recordVerified(id, coreVersion, at, PlatformStatus.QUEUED, PlatformStatus.ENABLED);
    }
}
