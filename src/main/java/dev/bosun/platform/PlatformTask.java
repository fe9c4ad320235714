package dev.bosun.platform;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tasks a platform offers, and the one rule of which it offers when: verify always (but when
 * deleted), lock when not locked, unlock when locked, delete only without live sites.
 */
public enum PlatformTask {
    VERIFY,
    LOCK,
    UNLOCK,
    DELETE;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<PlatformTask> fromCode(String code) {
        for (PlatformTask task : values()) {
            if (task.code().equals(code)) {
                return Optional.of(task);
            }
        }
        return Optional.empty();
    }

    public static List<PlatformTask> offered(PlatformStatus status, long liveSites) {
        if (status == PlatformStatus.DELETED) {
            return List.of();
        }
        List<PlatformTask> tasks = new ArrayList<>(List.of(VERIFY));
        if (status == PlatformStatus.LOCKED) {
            tasks.add(UNLOCK);
        } else if (status == PlatformStatus.ENABLED) {
            tasks.add(LOCK);
        }
        if (liveSites == 0) {
            tasks.add(DELETE);
        }
        return List.copyOf(tasks);
    }

    /** Why this task is not offered, in words for a 409 or a disabled button. */
    public String refusal(Platform platform) {
        if (platform.status() == PlatformStatus.DELETED) {
            return "Platform " + platform.name() + " is deleted.";
        }
        return switch (this) {
            case DELETE -> "Platform " + platform.name() + " still has " + platform.liveSites()
                    + (platform.liveSites() == 1 ? " site" : " sites") + "; delete or migrate them first.";
            case LOCK -> "Platform " + platform.name() + " is " + platform.status().name().toLowerCase(Locale.ROOT)
                    + "; only an enabled platform can be locked.";
            case UNLOCK -> "Platform " + platform.name() + " is not locked.";
            case VERIFY -> "Platform " + platform.name() + " cannot be verified now.";
        };
    }
}
