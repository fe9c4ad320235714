/** Sites, aliases and every site task. */
@ApplicationModule(allowedDependencies = {"account", "backup", "drupal", "platform", "secret", "server", "settings", "task"})
package dev.bosun.site;

import org.springframework.modulith.ApplicationModule;
