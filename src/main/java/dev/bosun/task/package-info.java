/** The task queue, dispatcher, task log and live tail; knows no feature (handlers register by type). */
@ApplicationModule(allowedDependencies = {"account", "settings"})
package dev.bosun.task;

import org.springframework.modulith.ApplicationModule;
