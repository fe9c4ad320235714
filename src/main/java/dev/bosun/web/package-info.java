/** Layout, fragments, error pages and shared MVC advice; no feature logic. */
@ApplicationModule(allowedDependencies = {"account", "platform", "server", "site", "task"})
package dev.bosun.web;

import org.springframework.modulith.ApplicationModule;
