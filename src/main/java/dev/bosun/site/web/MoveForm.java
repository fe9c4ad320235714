package dev.bosun.site.web;

import java.util.List;

import dev.bosun.site.SiteTaskArgs;
import dev.bosun.site.SiteTaskType;

/** The migrate and clone dialogs' fields; {@code aliases} (clone only) is the textarea, one per line. */
record MoveForm(String domain, Long platformId, Long dbServerId, String aliases) {

    static final List<String> FIELDS = List.of("domain", "platformId", "dbServerId", "aliases");

    SiteTaskArgs args(SiteTaskType type) {
        if (type == SiteTaskType.CLONE) {
            return new SiteTaskArgs.Clone(domain, platformId, dbServerId,
                    aliases == null ? List.of() : aliases.lines().toList());
        }
        return new SiteTaskArgs.Migrate(domain, platformId, dbServerId);
    }
}
