package dev.bosun.site;

/**
 * The panel-wide cron settings: the interval of sites without their own (seconds, 0 = off) and how many
 * runs may go at once, over all panel nodes, on the sites of one web server.
 */
public record CronSettings(int defaultIntervalSeconds, int perServerLimit) {

    public static final CronSettings DEFAULT = new CronSettings(3600, 2);
}
