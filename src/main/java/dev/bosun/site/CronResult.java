package dev.bosun.site;

/** How a cron run ended: still running, drush exited 0, or it failed (non-zero exit, timeout, unreachable server). */
public enum CronResult {
    RUNNING, SUCCESS, ERROR
}
