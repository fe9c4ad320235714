/** The demo profile: registers the local machine, its services and the example platforms. */
@ApplicationModule(allowedDependencies = {"account", "platform", "server", "settings", "site"})
package dev.bosun.demo;

import org.springframework.modulith.ApplicationModule;
