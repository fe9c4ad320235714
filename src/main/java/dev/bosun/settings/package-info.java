/** Feature switches and settings. */
@ApplicationModule(allowedDependencies = {"account"})
package dev.bosun.settings;

import org.springframework.modulith.ApplicationModule;
