package dev.bosun.platform.internal;

import dev.bosun.platform.PlatformStatus;
import dev.bosun.server.ServiceUsage;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The platforms that keep a server's web service in use. */
@Component
class PlatformServiceUsage implements ServiceUsage {

    private final PlatformRepository platforms;

    PlatformServiceUsage(PlatformRepository platforms) {
        this.platforms = platforms;
    }

    @Override
    @Transactional(readOnly = true)
    public long livePlatformsOn(long serverId) {
        return platforms.countByServerIdAndStatusNot(serverId, PlatformStatus.DELETED);
    }
}
