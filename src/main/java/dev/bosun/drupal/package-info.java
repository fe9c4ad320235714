/** The Drupal driver: drush calls, settings.php, profile and language discovery. */
@ApplicationModule(allowedDependencies = {"server"})
package dev.bosun.drupal;

import org.springframework.modulith.ApplicationModule;
