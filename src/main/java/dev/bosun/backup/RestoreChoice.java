package dev.bosun.backup;

/** One backup in the restore dialog: its id and 'date/time - size - reason'. */
public record RestoreChoice(long backupId, String label) {
}
