package dev.bosun.platform.internal;

import dev.bosun.platform.Platform;
import dev.bosun.platform.PlatformStatus;

/** What every platform task checks first. */
final class PlatformHandlers {

    private PlatformHandlers() {
    }

    /** The task's platform, which must exist and not be deleted. */
    static Platform live(PlatformStore platforms, long id) {
        Platform platform = platforms.find(id)
                .orElseThrow(() -> new PlatformCheckException("Platform " + id + " no longer exists."));
        if (platform.status() == PlatformStatus.DELETED) {
            throw new PlatformCheckException("Platform " + platform.name() + " is deleted.");
        }
        return platform;
    }
}
