package dev.bosun.site.web;

import java.nio.file.Files;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupService;

/**
 * A backup as the site page lists it: 'date/time - size - reason', whether its file is there, and why it is
 * damaged (null while it is sound).
 */
record BackupRow(long id, String label, boolean available, String damage) {

    static BackupRow of(BackupInfo backup) {
        return new BackupRow(backup.id(), BackupService.label(backup), Files.isRegularFile(backup.path()),
                backup.damage());
    }

    public boolean damaged() {
        return damage != null;
    }
}
