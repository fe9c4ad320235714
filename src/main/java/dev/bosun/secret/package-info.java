/** Encryption at rest of stored credentials. */
@ApplicationModule(allowedDependencies = {})
package dev.bosun.secret;

import org.springframework.modulith.ApplicationModule;
