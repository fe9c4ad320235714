package dev.bosun.backup;

import java.nio.file.Path;

/** What an unpack wrote into {@code target}, and whether a database.sql was found (and handed over). */
public record Unpacked(Path target, int files, int directories, int links, long bytes, boolean databaseSql) {
}
