/** Users, clients, roles, login, API tokens and the audit log. */
@ApplicationModule(allowedDependencies = {"secret"})
package dev.bosun.account;

import org.springframework.modulith.ApplicationModule;
