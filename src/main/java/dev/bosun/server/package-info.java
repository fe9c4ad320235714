/** Servers, services, shells, host keys and the http and db service drivers. */
@ApplicationModule(allowedDependencies = {"account", "secret", "task"})
package dev.bosun.server;

import org.springframework.modulith.ApplicationModule;
