package dev.bosun.site.internal;

/** A cron run this node claimed: the run's row holds the site until it ends. */
record CronClaim(long runId, long siteId, long webServerId) {
}
