package dev.bosun.platform;

import java.util.List;

/** A site's packages against a target platform, with the counts per result (of the enabled ones). */
public record Comparison(long siteId, String siteDomain, long currentPlatformId, long targetPlatformId,
                         String targetPlatformName, List<ComparisonRow> rows) {

    public Comparison {
        rows = List.copyOf(rows);
    }

    public long count(ComparisonResult result) {
        return rows.stream().filter(row -> row.enabled() && row.result() == result).count();
    }

    public long same() {
        return count(ComparisonResult.SAME);
    }

    public long upgrades() {
        return count(ComparisonResult.UPGRADE);
    }

    public long warnings() {
        return count(ComparisonResult.WARNING);
    }

    public long errors() {
        return count(ComparisonResult.ERROR);
    }

    /** A platform with any error cannot take the site. */
    public boolean acceptable() {
        return errors() == 0;
    }
}
