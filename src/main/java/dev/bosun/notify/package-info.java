/**
 * Notifications of failed tasks (scheduled backups included): mail to the administrators and a signed
 * webhook, sent after the task's end is committed, by the node that ended it, never delaying or failing it.
 */
@ApplicationModule(allowedDependencies = {"account", "secret", "settings", "task"})
package dev.bosun.notify;

import org.springframework.modulith.ApplicationModule;
