package dev.bosun.site.web;

import java.nio.file.Files;

import dev.bosun.backup.BackupInfo;
import dev.bosun.backup.BackupService;

/** A backup as the site page lists it: 'date/time - size - reason', and whether its file is there. */
record BackupRow(long id, String label, boolean available) {

    static BackupRow of(BackupInfo backup) {
        return new BackupRow(backup.id(), BackupService.label(backup), Files.isRegularFile(backup.path()));
    }
}
