package dev.bosun.backup;

import java.time.Instant;

/** Whether the backup window is open at a moment, and otherwise when it next opens (null: no day is chosen). */
public record WindowState(boolean open, Instant nextOpening) {
}
