/** Layout, fragments, error pages and shared MVC advice; no feature logic. */
@ApplicationModule(allowedDependencies = {"account", "task"})
package dev.bosun.web;

import org.springframework.modulith.ApplicationModule;
