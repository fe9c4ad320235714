package dev.bosun.platform;

import java.util.List;

/**
 * Two platforms side by side, every package of either: {@code current} is the first platform's release (null when
 * only the second has it), {@code target} the second's, judged as if a site moved from the first to the second.
 */
public record PlatformPair(long platformId, String platformName, long targetPlatformId, String targetPlatformName,
                           List<ComparisonRow> rows) {

    public PlatformPair {
        rows = List.copyOf(rows);
    }

    public long count(ComparisonResult result) {
        return rows.stream().filter(row -> row.result() == result).count();
    }
}
