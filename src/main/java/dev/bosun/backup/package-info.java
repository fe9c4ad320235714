/** Backup archives and records, restore, backup schedules, window and retention. */
@ApplicationModule(allowedDependencies = {"account", "server", "settings", "task"})
package dev.bosun.backup;

import org.springframework.modulith.ApplicationModule;
