package dev.bosun.backup.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** Compression of new archives: gzip level and threads (0: one per processor). */
record ArchiveForm(
        @NotNull(message = "Choose a level from 1 to 9.") @Min(value = 1, message = "Choose a level from 1 to 9.")
        @Max(value = 9, message = "Choose a level from 1 to 9.") Integer level,
        @NotNull(message = "Give 0 (automatic) to 64 threads.") @Min(value = 0, message = "Give 0 (automatic) to 64 threads.")
        @Max(value = 64, message = "Give 0 (automatic) to 64 threads.") Integer threads) {
}
