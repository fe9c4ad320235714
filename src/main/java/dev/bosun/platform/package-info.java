/** Platforms, the package registry, the verify scan and platform comparison. */
@ApplicationModule(allowedDependencies = {"account", "drupal", "server", "settings", "task"})
package dev.bosun.platform;

import org.springframework.modulith.ApplicationModule;
