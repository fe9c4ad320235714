package dev.bosun.backup;

import java.time.ZoneId;

/** The backup manager's settings: default schedule, window (in {@code zone}), and whether retention runs. */
public record BackupManagerSettings(BackupSchedule schedule, BackupWindow window, ZoneId zone,
                                    boolean retentionEnabled) {

    public static final BackupManagerSettings DEFAULT = new BackupManagerSettings(BackupSchedule.DEFAULT,
            BackupWindow.ALWAYS, ZoneId.of("UTC"), false);
}
