package dev.bosun.platform.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformLabel;
import dev.bosun.platform.PlatformStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Platforms as the module's {@link Platform} records, with their server's name and the count of their live sites
 * (asked of the server and site modules, in one call each per list); the entities stay here. Writes join the caller's transaction, or open one when a task handler calls directly.
 */
@Component
public class PlatformStore {

    private final PlatformRepository platforms;
    private final FleetLookups fleet;
    private final Clock clock;

    PlatformStore(PlatformRepository platforms, FleetLookups fleet, Clock clock) {
        this.platforms = platforms;
        this.fleet = fleet;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<Platform> find(long id) {
        return platforms.findById(id).map(platform -> records(List.of(platform)).get(0));
    }

    /** Platforms that are not deleted, by name. */
    @Transactional(readOnly = true)
    public List<Platform> list() {
        return records(platforms.findAllByName(PlatformStatus.DELETED));
    }

    /** Enabled platforms that offer the profile (not hidden), by name. */
    @Transactional(readOnly = true)
    public List<Platform> enabledOffering(String profile) {
        return records(platforms.findEnabledOffering(profile));
    }

    /** The platforms with their given ids, deleted ones included. */
    @Transactional(readOnly = true)
    public List<Platform> byIds(Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : records(platforms.findAllById(ids));
    }

    /** The labels of the platforms with these ids, deleted ones included: no other module is asked. */
    @Transactional(readOnly = true)
    public List<PlatformLabel> labels(Collection<Long> ids) {
        return ids.isEmpty() ? List.of() : platforms.findAllById(ids).stream().map(PlatformEntity::label).toList();
    }

    private List<Platform> records(List<PlatformEntity> entities) {
        if (entities.isEmpty()) {
            return List.of();
        }
        Map<Long, String> serverNames = fleet.serverNames(entities.stream().map(PlatformEntity::getServerId)
                .collect(Collectors.toSet()));
        Map<Long, Long> liveSites = fleet.liveSiteCounts(entities.stream().map(PlatformEntity::getId).toList());
        return entities.stream().map(platform -> platform.platform(serverNames.get(platform.getServerId()),
                liveSites.getOrDefault(platform.getId(), 0L))).toList();
    }

    /** How many platforms are not deleted. */
    @Transactional(readOnly = true)
    public long countLive() {
        return platforms.countByStatusNot(PlatformStatus.DELETED);
    }

    /** Records a new platform (QUEUED) and returns its id. */
    @Transactional
    public long insert(String name, long serverId, String rootPath, String docroot, String drushPath) {
        return platforms.saveAndFlush(new PlatformEntity(name, serverId, rootPath, docroot, drushPath, clock.instant()))
                .getId();
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

    /** The page site tasks ask the platform's sites for to confirm they serve ({@code /} unless set). */
    @Transactional(readOnly = true)
    public Optional<String> checkPath(long id) {
        return platforms.findById(id).map(PlatformEntity::getCheckPath);
    }

    @Transactional
    public void setCheckPath(long id, String checkPath) {
        platforms.findById(id).ifPresent(platform -> platform.setCheckPath(checkPath, clock.instant()));
    }

    /** After a successful verify: the core version, the time, and ENABLED unless the platform is locked. */
    @Transactional
    public void recordVerified(long id, String coreVersion, Instant at) {
        platforms.recordVerified(id, coreVersion, at, PlatformStatus.QUEUED, PlatformStatus.ENABLED);
    }
}
